// The gRPC-gateway export stream of seed 003: `GET /v1/export/pods`
// answers one `{"result": {"pod": <Pod>}}` line per pod, or
// `{"error": {"code", "message", "details"}}` (a google.rpc.Status) on
// failure. `query` is a label selector over the pods; `timeout` (a Go
// duration such as `30s`, or seconds) keeps the stream open that long,
// following pod changes as further results, before it ends; without it the
// stream ends after the snapshot.
import type { Fault } from '../faults/types.js';
import { eventWriter } from '../faults/streamFaults.js';
import type { FakeCluster } from '../model/cluster.js';
import type { KubeObject } from '../model/eventLog.js';
import { parseLabelSelector } from '../model/labelSelector.js';
import { Pods } from '../model/builtinResources.js';
import { ApiError } from '../model/status.js';
import { LineStream } from './lineStream.js';
import { jsonResponse, streamResponse } from './responses.js';

/** gRPC status codes used here. */
const INVALID_ARGUMENT = 3;
const UNAVAILABLE = 14;

export const grpcError = (code: number, message: string) => ({ error: { code, message, details: [] as unknown[] } });

/** Parses `1.5s`, `500ms`, `2m`, `1h30m` or a bare number of seconds into ms. */
export function parseGoDuration(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return text ? total : undefined;
}

/** The HTTP status grpc-gateway uses for a gRPC code. */
const httpStatusOf = (code: number) => ({ 3: 400, 4: 504, 5: 404, 8: 429, 13: 500, 14: 503 })[code] ?? 500;

export function handleExport(url: URL, cluster: FakeCluster, fault: Fault | undefined, track: (s: LineStream) => void): Response {
  const timeoutText = url.searchParams.get('timeout');
  const timeoutMs = timeoutText ? parseGoDuration(timeoutText) : undefined;
  if (timeoutText && timeoutMs === undefined) {
    return jsonResponse(httpStatusOf(INVALID_ARGUMENT), grpcError(INVALID_ARGUMENT, `invalid timeout "${timeoutText}"`));
  }
  let selector;
  try {
    selector = parseLabelSelector(url.searchParams.get('query'));
  } catch (err) {
    const message = err instanceof ApiError ? err.message : String(err);
    return jsonResponse(httpStatusOf(INVALID_ARGUMENT), grpcError(INVALID_ARGUMENT, message));
  }
  const stream = new LineStream();
  track(stream);
  const writer = eventWriter(stream, fault, (code) => grpcError(code === 410 ? UNAVAILABLE : code, 'export stream interrupted'));
  const result = (pod: KubeObject) => writer.write({ result: { pod } });
  writer.start();
  for (const pod of cluster.list<KubeObject>(Pods)) if (selector.matches(pod.metadata.labels)) result(pod);
  if (timeoutMs === undefined) {
    stream.close();
  } else if (!stream.done) {
    const unsubscribe = cluster.subscribe((signal) => {
      if (signal.type === 'restart') return stream.close();
      const { change } = signal;
      if (change.resource.group !== '' || change.resource.plural !== 'pods' || change.type === 'DELETED') return;
      if (selector.matches(change.object.metadata.labels)) result(change.object);
    });
    stream.onFinish(unsubscribe);
    stream.after(timeoutMs, () => stream.close());
  }
  return streamResponse(stream.body);
}
