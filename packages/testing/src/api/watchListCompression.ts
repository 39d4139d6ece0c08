// Kubernetes 1.37's WatchListCompression (beta, on by default;
// kubernetes/kubernetes PR 139308): a watch with sendInitialEvents=true comes
// back gzip-compressed when the request accepts gzip, and every flush of the
// response is written as a gzip member of its own. The fake flushes after each
// line (the apiserver flushes whenever no further event is queued:
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go), so each line
// is one member. Node's fetch decodes every member; Chromium's delivers only
// the first and drops the rest without an error, which is what this mode lets
// a test reproduce.
// CompressionStream, not node:zlib: the same core runs behind msw in a browser.

/** Whether an Accept-Encoding header admits gzip (`gzip` or `*`, with a q-value other than 0). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

async function gzipMember(chunk: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const compressed = new Blob([chunk]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

/** The body with every chunk compressed as a gzip member of its own, in order. */
export function gzipEachChunk(body: ReadableStream<Uint8Array<ArrayBuffer>>): ReadableStream<Uint8Array<ArrayBuffer>> {
  return body.pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      async transform(chunk, controller) {
        controller.enqueue(await gzipMember(chunk));
      },
    }),
  );
}
