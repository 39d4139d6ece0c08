/**
 * One latency run, in a fresh process: a client (default options) watching
 * the whole pod list. The server (server.mjs) sends a probe on the last pod by
 * (namespace, name) every 50 ms, stamped with the moment it was written; the
 * subscriber's callback reads the last element of each emitted list (O(1))
 * and, for every new probe, records now - written-at. Changes to that pod
 * from the load traffic carry no stamp and are passed over.
 *
 * Protocol (IPC): argv[2] is `{ url, finalSeq }`;
 *   -> { type: 'ready' }            the list has arrived
 *   -> { type: 'result', result }   once the probe carrying `finalSeq` was seen,
 *                                   or at once when asked with { type: 'report' }
 *                                   (then `finished: false`)
 */
const spec = JSON.parse(process.argv[2]);
const core = await import(new URL('../../packages/core/dist/index.js', import.meta.url).href);
const client = core.createKubeClient({ baseUrl: spec.url });
const delays = [];
let lastSeq;
let ready = false;
const asked = new Promise((resolve) => process.on('message', (message) => message?.type === 'report' && resolve(false)));
const finished = await new Promise((resolve, reject) => {
  void asked.then(resolve);
  const subscription = client.watchResourceList({ resource: core.Pods }).subscribe({
    next: (list) => {
      const now = performance.timeOrigin + performance.now();
      const annotations = list.at(-1)?.metadata?.annotations;
      const seq = annotations?.['bench.rxkube.io/seq'];
      if (!ready) {
        ready = true;
        lastSeq = seq;
        process.send?.({ type: 'ready' });
        return;
      }
      if (seq === undefined || seq === lastSeq) return;
      lastSeq = seq;
      delays.push(now - Number(annotations['bench.rxkube.io/written-at']));
      if (seq === String(spec.finalSeq)) {
        subscription.unsubscribe();
        resolve(true);
      }
    },
    error: reject,
  });
});
client.dispose();
// Exit once the result is out: what the client might still hold must not keep the benchmark waiting.
process.send?.({ type: 'result', result: { delays, finished } }, () => process.exit(0));
