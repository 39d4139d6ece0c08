// What a proxy between client and apiserver does to a response body.
// Invariant: nothing is enqueued after the wrapper finished, and its timer
// never outlives it (msw kills the process on a late enqueue).

/** A buffering proxy: the client gets the whole body in one piece, when it ends. */
export function buffered(source: ReadableStream<Uint8Array<ArrayBuffer>>): ReadableStream<Uint8Array<ArrayBuffer>> {
  const reader = source.getReader();
  let finished = false;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    async start(controller) {
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
        }
      } catch (err) {
        if (!finished) controller.error(err);
        finished = true;
        return;
      }
      if (finished) return;
      finished = true;
      const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      if (all.length) controller.enqueue(all);
      controller.close();
    },
    cancel(reason) {
      finished = true;
      return reader.cancel(reason);
    },
  });
}

/** A proxy that cuts the connection `ms` after the response started (the classic 60 s gateway). */
export function cutAfter(source: ReadableStream<Uint8Array<ArrayBuffer>>, ms: number): ReadableStream<Uint8Array<ArrayBuffer>> {
  const reader = source.getReader();
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    finished = true;
    clearTimeout(timer);
  };
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      timer = setTimeout(() => {
        if (finished) return;
        finish();
        controller.error(new Error(`connection cut by a proxy after ${ms} ms`));
        reader.cancel().catch(() => {});
      }, ms);
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (finished) return;
        if (done) {
          finish();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        if (finished) return;
        finish();
        controller.error(err);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
}
