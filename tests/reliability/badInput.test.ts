/**
 * Bad input: each row feeds one malformed answer, stream or argument to a
 * client that also holds a healthy "canary" watch, and checks the typed error
 * it must produce (on the subscriber when nothing can fix it, on the query's
 * status while it recovers) and that the canary and the cache are untouched.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubeClient, KubeApiError, microtask, Pods, type KubeClient, type KubeObject, type QuerySnapshot } from '@rxkube/core';
import { pod, startScriptedServer, status, type ScriptedServer } from '../../packages/core/test/scriptedServer.js';
import { report } from './support/summary.js';
import { until } from '../support/until.js';

// A fresh server per row: nothing in flight from one row can reach the next.
let api: ScriptedServer;
beforeEach(async () => {
  api = await startScriptedServer();
});
afterEach(() => api.close());

const target = (url: URL) => url.pathname.includes('/namespaces/target/');
const canaryPath = (url: URL) => url.pathname.includes('/namespaces/canary/');
const inNamespace = (namespace: string, name: string, resourceVersion: string) => ({ ...pod(name, resourceVersion), metadata: { ...pod(name, resourceVersion).metadata, namespace } });
const json = (body: string) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body });

type Outcome = 'fatal' | 'recovered' | 'refused';
interface Row {
  input: string;
  outcome: Outcome;
  reason: string;
  code?: number;
  /** Arms the bad answer (for 'refused' rows: nothing). */
  arm?: () => void;
  /** Feeds the bad stream content once the target's watch is open. */
  feed?: (send: { raw(data: string | Uint8Array): void; event(value: unknown): void; end(): void }) => void;
  /** For 'refused' rows: the call, which must fail before any request. */
  call?: (client: KubeClient) => Promise<unknown>;
}

const watchRows: Row[] = [
  { input: 'a line that is not JSON', outcome: 'recovered', reason: 'MalformedStream', feed: (s) => s.raw('{"type":"ADDED","object":{\n') },
  { input: 'truncated UTF-8 at the end of the stream', outcome: 'recovered', reason: 'MalformedStream', feed: (s) => { s.raw(new Uint8Array([0x7b, 0xe6, 0x97])); s.end(); } },
  { input: 'bytes that are not UTF-8', outcome: 'recovered', reason: 'MalformedStream', feed: (s) => s.raw(new Uint8Array([0xff, 0xfe, 0x0a])) },
  { input: 'a 10 MB line', outcome: 'recovered', reason: 'MalformedStream', feed: (s) => s.raw(`{"type":"ADDED","object":{"x":"${'a'.repeat(10 * 1024 * 1024)}"}}\n`) },
  { input: 'an event without object', outcome: 'recovered', reason: 'MalformedStream', feed: (s) => s.event({ type: 'ADDED' }) },
  { input: 'an unknown event type', outcome: 'recovered', reason: 'MalformedStream', feed: (s) => s.event({ type: 'UPSERTED', object: pod('x', '9') }) },
  { input: 'an ERROR event whose Status has no code', outcome: 'recovered', reason: 'InternalError', code: 500, feed: (s) => s.event({ type: 'ERROR', object: { kind: 'Status', message: 'etcd hiccup' } }) },
  { input: 'an event that is a JSON string', outcome: 'recovered', reason: 'MalformedStream', feed: (s) => s.raw('"hello"\n') },
];

const answerRows: Row[] = [
  { input: 'an HTML login page answered 200', outcome: 'fatal', reason: 'InvalidResponse', arm: () => api.answerNextList(() => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>SSO</html>' }), target) },
  { input: 'a text/plain 200', outcome: 'fatal', reason: 'InvalidResponse', arm: () => api.answerNextList(() => ({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' }), target) },
  { input: 'an empty 200 body', outcome: 'fatal', reason: 'InvalidResponse', arm: () => api.answerNextList(() => json(''), target) },
  { input: 'a list without metadata.resourceVersion', outcome: 'fatal', reason: 'InvalidResponse', arm: () => api.answerNextList(() => json('{"kind":"PodList","metadata":{},"items":[]}'), target) },
  { input: 'a list whose items is not an array', outcome: 'fatal', reason: 'InvalidResponse', arm: () => api.answerNextList(() => json('{"kind":"PodList","metadata":{"resourceVersion":"3"},"items":{}}'), target) },
  { input: 'JSON that is not an object', outcome: 'fatal', reason: 'InvalidResponse', arm: () => api.answerNextList(() => json('[1,2,3]'), target) },
  { input: 'truncated JSON', outcome: 'fatal', reason: 'InvalidResponse', arm: () => api.answerNextList(() => json('{"kind":"PodList","metad'), target) },
  { input: 'a 500 whose Status has no code', outcome: 'recovered', reason: 'InternalError', code: 500, arm: () => api.answerNextList(() => ({ status: 500, headers: { 'Content-Type': 'application/json' }, body: '{"kind":"Status","message":"boom"}' }), target) },
  { input: 'a 401 with an HTML body', outcome: 'fatal', reason: 'Unauthorized', code: 401, arm: () => api.answerNextList(() => ({ status: 401, headers: { 'Content-Type': 'text/html' }, body: '<html>login</html>' }), target) },
  { input: 'a 403 Status', outcome: 'fatal', reason: 'Forbidden', code: 403, arm: () => api.answerNextList(() => status(403, 'Forbidden', 'pods is forbidden'), target) },
  { input: 'a server that never answers', outcome: 'recovered', reason: 'Timeout', arm: () => api.answerNextList(() => 'hang', target) },
];

const watchTarget = (client: KubeClient, name: string) => client.getResource({ resource: Pods, namespace: 'target', name });
const refusedRows: Row[] = [
  ...['a/b', '..', '%2F', 'Upper', 'x'.repeat(254), ''].map((name): Row => ({
    input: `the name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}`,
    outcome: 'refused',
    reason: 'Invalid',
    call: (client) => settle(client.watchResource({ resource: Pods, namespace: 'target', name })),
  })),
  { input: 'a namespace with /', outcome: 'refused', reason: 'Invalid', call: (client) => settle(client.watchResourceList({ resource: Pods, namespace: 'a/b' })) },
  { input: 'a cluster with /', outcome: 'refused', reason: 'Invalid', call: (client) => settle(client.watchResourceList({ cluster: '../x', resource: Pods })) },
  { input: 'a label selector with &watch=false', outcome: 'refused', reason: 'Invalid', call: (client) => settle(client.watchResourceList({ resource: Pods, labelSelector: 'app=web&watch=false' })) },
  { input: 'a label selector with a newline', outcome: 'refused', reason: 'Invalid', call: (client) => settle(client.watchResourceList({ resource: Pods, labelSelector: 'app=web\nx=y' })) },
  { input: 'a field selector with #', outcome: 'refused', reason: 'Invalid', call: (client) => settle(client.watchResourceList({ resource: Pods, fieldSelector: 'metadata.name=a#b' })) },
  { input: 'a label selector object with a bad key', outcome: 'refused', reason: 'Invalid', call: (client) => settle(client.watchResourceList({ resource: Pods, labelSelector: { 'bad key': 'x' } })) },
  { input: 'a stream path that climbs out', outcome: 'refused', reason: 'Invalid', call: (client) => settle(client.streamJson('/v1/../../api/v1/secrets')) },
  { input: 'a get with a name of ../secrets', outcome: 'refused', reason: 'Invalid', call: (client) => watchTarget(client, '../secrets') },
];

/** Settles with the Observable's end: rejects with its error, resolves on completion. */
function settle(observable: { subscribe(observer: { error(e: unknown): void; complete(): void }): unknown }): Promise<void> {
  return new Promise((resolve, reject) => observable.subscribe({ error: reject, complete: resolve }));
}

const rows = [...watchRows, ...answerRows, ...refusedRows];
const results: string[] = [];

describe('bad input', () => {
  afterAll(() => {
    report('bad-input', { inputsTried: results.length, typedErrors: results.filter((r) => r === 'ok').length, mismatches: results.filter((r) => r !== 'ok').length });
  });

  it.each(rows.map((row) => [row.input, row] as const))('%s', async (_, row) => {
    api.setDefaultList((url) => (canaryPath(url) ? { items: [inNamespace('canary', 'c1', '5')], resourceVersion: '5' } : { items: [inNamespace('target', 't1', '5')], resourceVersion: '5' }));
    const client = createKubeClient({ baseUrl: api.url, gracePeriodMs: 0, notifySchedule: microtask, requestTimeoutMs: 300, backoff: { initialMs: 10, maxMs: 40 } });
    try {
      const canary: (readonly KubeObject[])[] = [];
      const canarySub = client.watchResourceList({ resource: Pods, namespace: 'canary' }).subscribe((pods) => canary.push(pods));
      await until(() => api.openWatches().some((w) => canaryPath(w.request.url)), 5_000);
      const canaryBefore = canary.at(-1);
      const requestsBefore = api.requests.length;

      let error: unknown;
      if (row.outcome === 'refused') {
        error = await row.call!(client).then(() => undefined, (e: unknown) => e);
        expect(api.requests.length).toBe(requestsBefore); // refused before any request
      } else {
        row.arm?.();
        const observer = client.observeResourceList({ resource: Pods, namespace: 'target' });
        const snapshots: QuerySnapshot<readonly KubeObject[]>[] = [];
        const sub = observer.snapshots().subscribe((s) => snapshots.push(s));
        let subscriberError: unknown;
        const dataSub = client.watchResourceList({ resource: Pods, namespace: 'target' }).subscribe({ error: (e: unknown) => (subscriberError = e) });
        if (row.feed) {
          await until(() => api.openWatches().some((w) => target(w.request.url)), 5_000);
          const watch = api.openWatches().find((w) => target(w.request.url))!;
          row.feed({ raw: (d) => watch.sendRaw(d), event: (v) => watch.send(v), end: () => watch.end() });
        }
        if (row.outcome === 'fatal') {
          await until(() => subscriberError !== undefined, 5_000);
          error = subscriberError;
        } else {
          // Transient: the subscriber never sees it; the status carries it while the query recovers.
          await until(() => snapshots.some((s) => s.error), 5_000);
          error = snapshots.find((s) => s.error)!.error;
          await until(() => observer.getSnapshot().status.phase === 'ready', 5_000);
          expect(subscriberError).toBeUndefined();
        }
        sub.unsubscribe();
        dataSub.unsubscribe();
      }

      expect(error).toBeInstanceOf(KubeApiError);
      expect((error as KubeApiError).reason).toBe(row.reason);
      if (row.code !== undefined) expect((error as KubeApiError).code).toBe(row.code);

      // The canary: same data, same references, still live.
      expect(canary.at(-1)).toBe(canaryBefore);
      const canaryWatch = api.openWatches().find((w) => canaryPath(w.request.url))!;
      canaryWatch.send({ type: 'ADDED', object: inNamespace('canary', 'c2', '6') });
      await until(() => canary.at(-1)!.length === 2, 5_000);
      expect(canary.at(-1)![0]).toBe(canaryBefore![0]);
      canarySub.unsubscribe();
      results.push('ok');
    } catch (failure) {
      results.push(`${row.input}: ${String(failure)}`);
      throw failure;
    } finally {
      client.dispose();
    }
  });

  it('tries at least 25 bad inputs', () => expect(rows.length).toBeGreaterThanOrEqual(25));
});
