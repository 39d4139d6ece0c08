import { describe, expect, it } from 'vitest';
import { Pods } from '../resources/builtins.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { pod, status } from '../../test/scriptedServer.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient, fastTimers, delays, advanceClock } = useScriptedApi();
const names = (pods: readonly { metadata?: { name?: string } }[]) => pods.map((p) => p.metadata?.name);

describe('recovery', () => {
  it('resumes from the last resourceVersion after the server ends the stream, losing and repeating nothing', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '1' }));
    const seen: (string | undefined)[][] = [];
    newClient({ timers: fastTimers }).watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(names(pods)));
    await until(() => api.watches.length === 1);
    api.watches[0]!.send({ type: 'ADDED', object: pod('b', '2') });
    api.watches[0]!.send({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '7' } } });
    await until(() => seen.length === 2);
    advanceClock(59_000); // a stream that lasted its timeoutSeconds
    api.watches[0]!.end();
    await until(() => api.watches.length === 2);
    expect(api.watches[1]!.request.url.searchParams.get('resourceVersion')).toBe('7');
    expect(api.lists()).toHaveLength(1);
    api.watches[1]!.send({ type: 'ADDED', object: pod('c', '8') });
    await until(() => seen.length === 3);
    expect(seen).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']]);
    expect(delays.filter((ms) => ms < 60_000)).toEqual([]); // resumed at once, no backoff
  });

  it('treats a stream that ends at once with nothing in it as a failure and backs off', async () => {
    newClient({ timers: fastTimers }).watchResourceList({ resource: Pods, namespace: 'default' }).subscribe();
    await until(() => api.watches.length === 1);
    api.watches[0]!.end();
    await until(() => api.watches.length === 2);
    expect(delays.filter((ms) => ms < 60_000)).toHaveLength(1);
    expect(api.watches[1]!.request.url.searchParams.get('resourceVersion')).toBe('1');
  });

  it('relists after 410 Gone at the start of a watch, and drops objects deleted meanwhile', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1'), pod('b', '2')], resourceVersion: '2' }));
    api.answerNextWatch(() => status(410, 'Expired', 'too old resource version: 2 (40)'));
    api.answerNextList(() => ({ items: [pod('b', '2'), pod('c', '41')], resourceVersion: '41' }));
    const seen: (string | undefined)[][] = [];
    newClient({ timers: fastTimers }).watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(names(pods)));
    await until(() => api.openWatches().length === 1 && api.lists().length === 2);
    expect(seen).toEqual([['a', 'b'], ['b', 'c']]);
    expect(api.openWatches()[0]!.request.url.searchParams.get('resourceVersion')).toBe('41');
    expect(api.lists()[1]!.url.searchParams.has('resourceVersion')).toBe(false);
  });

  it('relists after an ERROR 410 event mid-stream', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '1' }));
    api.answerNextList(() => ({ items: [pod('x', '90')], resourceVersion: '90' }));
    const seen: (string | undefined)[][] = [];
    newClient({ timers: fastTimers }).watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(names(pods)));
    await until(() => api.watches.length === 1);
    api.watches[0]!.send({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old' } });
    await until(() => api.lists().length === 2 && api.watches.length === 2);
    await until(() => seen.length === 2);
    expect(seen).toEqual([['a'], ['x']]);
    expect(api.watches[0]!.request.aborted).toBe(true);
    expect(api.watches[1]!.request.url.searchParams.get('resourceVersion')).toBe('90');
  });

  it('waits at least Retry-After before trying again after 429', async () => {
    api.answerNextList(() => status(429, 'TooManyRequests', 'slow down', { 'Retry-After': '7' }));
    newClient({ timers: fastTimers }).watchResourceList({ resource: Pods }).subscribe();
    await until(() => api.watches.length === 1);
    expect(api.lists()).toHaveLength(2);
    expect(delays.filter((ms) => ms >= 7000 && ms < 8000)).toHaveLength(1);
  });

  it('backs off exponentially while the server fails, then recovers', async () => {
    for (let i = 0; i < 5; i++) api.answerNextList(() => ({ status: 502, headers: { 'Content-Type': 'text/plain' }, body: 'bad gateway' }));
    const seen: unknown[] = [];
    newClient({ timers: fastTimers }).watchResourceList({ resource: Pods }).subscribe((pods) => seen.push(pods));
    await until(() => seen.length === 1);
    const backoffs = delays.filter((ms) => ms < 60_000);
    expect(backoffs).toHaveLength(5);
    backoffs.forEach((ms, attempt) => {
      const base = Math.min(800 * 2 ** attempt, 30_000);
      expect(ms).toBeGreaterThanOrEqual(base / 2);
      expect(ms).toBeLessThanOrEqual(base);
    });
  });

  it('reports status: loading, ready, reconnecting, then ready again', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '1' }));
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '5' }));
    const phases: string[] = [];
    const observer = newClient({ timers: fastTimers }).observeResourceList({ resource: Pods, namespace: 'default' });
    observer.snapshots().subscribe((snapshot) => {
      if (phases.at(-1) !== snapshot.status.phase) phases.push(snapshot.status.phase);
    });
    await until(() => api.watches.length === 1);
    api.watches[0]!.send({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'gone' } });
    await until(() => api.watches.length === 2);
    await until(() => phases.length === 4);
    expect(phases).toEqual(['loading', 'ready', 'reconnecting', 'ready']);
    expect(observer.getSnapshot().status.reconnects).toBe(1);
  });
});
