/**
 * watchLogs against the fake apiserver's log endpoint: what the subscriber
 * sees is compared, line for line, with what the fake wrote.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { podObject, setContainer, startFakeApiServer, writePodLog, type FakeApiServer } from '@rxkube/testing';
import { Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';
import type { LogUpdate } from './watchLogs.js';
import { tabSleep } from '../browser/tabSleep.js';
import type { PageVisibility } from '../browser/pageVisibility.js';

let server: FakeApiServer;
let client: KubeClient;
const ref = { namespace: 'default', pod: 'web' };

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0 });
  client = createKubeClient({ baseUrl: server.url, backoff: { initialMs: 20, maxMs: 100 } });
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

const cluster = () => server.clusters.global;
const logRequests = () => server.requests.all().filter((r) => r.path.endsWith('/log'));

function follow(params: Partial<Parameters<KubeClient['watchLogs']>[0]> = {}) {
  const updates: LogUpdate[] = [];
  const shown: string[] = [];
  let error: unknown;
  let completed = false;
  const subscription = client.watchLogs({ namespace: 'default', name: 'web', ...params }).subscribe({
    next: (update) => {
      updates.push(update);
      shown.push(...update.added.map((line) => `${line.time} ${line.text}`));
    },
    error: (e) => (error = e),
    complete: () => (completed = true),
  });
  return {
    updates,
    shown,
    subscription,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    get status() {
      return updates[updates.length - 1]?.status;
    },
  };
}

/** Writes `count` lines in one second (the same ms, so nanoseconds apart), returns them as timestamps=true sends them. */
const burst = (count: number, text = (i: number) => `line ${i}`, ms = Date.now()) =>
  Array.from({ length: count }, (_, i) => writePodLog(cluster(), ref, text(i), ms)).flat();

describe('watchLogs', () => {
  it('follows a container: the tail first, then what it writes, with the status streaming', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const written = burst(3);
    const logs = follow();
    await until(() => logs.shown.length === 3);
    written.push(...burst(2, (i) => `later ${i}`));
    await until(() => logs.shown.length === 5);
    expect(logs.shown).toEqual(written);
    expect(logs.status).toMatchObject({ phase: 'streaming', transport: 'stream' });
    const query = new URLSearchParams(logRequests()[0]!.query);
    expect(Object.fromEntries(query)).toEqual({ timestamps: 'true', follow: 'true' });
  });

  it('resumes a stream cut mid-line and mid-second with no line lost or repeated, identical lines counted', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const written = burst(4, (i) => (i < 3 ? 'same' : 'other'));
    server.faults.inject({ kind: 'cutMidLine', afterEvents: 2 }, { resource: 'pods', verb: 'get' });
    const logs = follow();
    await until(() => logs.shown.length === 4);
    server.faults.inject({ kind: 'logCutMidSecond', afterLines: 1 }, { resource: 'pods', verb: 'get' });
    // The next follow opens from the same second: the cut comes between two of its lines.
    await until(() => logRequests().length >= 2);
    written.push(...burst(3, () => 'same'));
    await until(() => logs.shown.length === 7);
    expect(logs.shown).toEqual(written);
    expect(new URLSearchParams(logRequests()[1]!.query).get('sinceTime')).toBe(`${written[0]!.slice(0, 19)}Z`);
  });

  it('resumes a follow cut before its first whole line from the second it opened, not from tailLines again', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    burst(2, (i) => `old ${i}`, Date.now() - 5000);
    server.faults.inject({ kind: 'cutMidLine', afterEvents: 0 }, { resource: 'pods', verb: 'get' });
    const logs = follow({ tailLines: 0 });
    await until(() => logs.status?.phase === 'streaming');
    // Half of this line comes, then the cut; the next follow must not ask for tailLines=0 again.
    const written = burst(1, () => 'first');
    await until(() => logRequests().length >= 2);
    written.push(...burst(1, () => 'second'));
    await until(() => logs.shown.length === 2);
    expect(logs.shown).toEqual(written);
    expect(logRequests()[1]!.query.tailLines).toBeUndefined();
  });

  it('reopens a follow that went silent while the container runs, and misses nothing', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const written = burst(2);
    server.faults.inject({ kind: 'logStall', afterLines: 2 }, { resource: 'pods', verb: 'get' });
    const logs = follow({ stallSeconds: 0.3 });
    await until(() => logs.shown.length === 2);
    written.push(...burst(2, (i) => `during the stall ${i}`));
    await until(() => logs.shown.length === 4);
    expect(logs.shown).toEqual(written);
    expect(logRequests().length).toBeGreaterThanOrEqual(2);
    expect(logs.status!.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('follows again after a log rotation ends the stream', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const written = burst(2);
    server.faults.inject({ kind: 'logRotation', afterLines: 2 }, { resource: 'pods', verb: 'get' });
    const logs = follow();
    await until(() => logRequests().length >= 2 && logs.status?.phase === 'streaming');
    written.push(...burst(2, (i) => `after rotation ${i}`, Date.now() + 1000));
    await until(() => logs.shown.length === 4);
    expect(logs.shown).toEqual(written);
    expect(logs.status!.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('waits, without asking for a log, while the pod says its container has not started, then follows it', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'waiting' }));
    const logs = follow();
    await until(() => logs.status?.phase === 'waiting');
    // The pod says the container has not run: nothing to ask the log endpoint yet.
    expect(logRequests()).toHaveLength(0);
    setContainer(cluster(), ref, 'running');
    const written = burst(2);
    await until(() => logs.shown.length === 2);
    expect(logs.shown).toEqual(written);
  });

  it('fails on an unknown container with an error that names the pod\'s containers', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running', sidecar: 'running' }));
    const logs = follow({ container: 'nope' });
    await until(() => logs.error !== undefined);
    expect((logs.error as Error).message).toBe('container nope is not valid for pod web: its containers are app, sidecar');
  });

  it('ends when the pod is deleted', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const logs = follow();
    await until(() => logs.status?.phase === 'streaming');
    cluster().delete(Pods, { namespace: 'default', name: 'web' });
    await until(() => logs.completed);
    expect(logs.status!.phase).toBe('ended');
  });

  it('shows a restart: the new run\'s lines carry its number, and previous reads the last run', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const first = burst(1, () => 'run zero');
    const logs = follow();
    await until(() => logs.shown.length === 1);
    setContainer(cluster(), ref, 'waiting', { restart: true });
    await until(() => logs.status?.restartCount === 1);
    setContainer(cluster(), ref, 'running');
    const second = burst(1, () => 'run one');
    await until(() => logs.shown.length === 2);
    expect(logs.shown).toEqual([...first, ...second]);
    expect(logs.updates.flatMap((u) => u.added).map((l) => l.run)).toEqual([0, 1]);
    const previous = follow({ previous: true });
    await until(() => previous.completed);
    expect(previous.shown).toEqual(first);
  });

  it('keeps at most maxLines, oldest out first; with maxLines 0 it keeps none and hands every line over', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const written = burst(20);
    const kept = follow({ maxLines: 5 });
    const none = follow({ maxLines: 0 });
    await until(() => kept.shown.length === 20 && none.shown.length === 20);
    const window = kept.updates[kept.updates.length - 1]!.lines;
    expect(window.slice().map((l) => `${l.time} ${l.text}`)).toEqual(written.slice(15));
    expect(window.dropped).toBe(15);
    expect(none.updates.every((u) => u.lines.length === 0)).toBe(true);
    expect(none.shown).toEqual(written);
  });

  it('polls with sinceTime and the same dedupe when the downgrade switch is on', async () => {
    client.dispose();
    client = createKubeClient({ baseUrl: server.url, downgradeWatch: true });
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const ms = Date.now();
    const written = burst(2, (i) => `a${i}`, ms);
    const logs = follow({ downgradePolling: { interval: 30 } });
    await until(() => logs.shown.length === 2);
    written.push(...burst(2, (i) => `b${i}`, ms));
    await until(() => logs.shown.length === 4);
    await until(() => logRequests().length >= 4);
    expect(logs.shown).toEqual(written);
    expect(logs.status).toMatchObject({ phase: 'polling', transport: 'poll' });
    expect(logRequests().every((r) => r.query.follow === undefined)).toBe(true);
    expect(logRequests()[2]!.query.sinceTime).toBe(`${written[0]!.slice(0, 19)}Z`);
  });

  it('moves a follow to polling when the downgrade switch turns on, and back to streaming when it turns off', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const written = burst(1);
    const logs = follow({ downgradePolling: { interval: 30 }, stallSeconds: 0.2 });
    await until(() => logs.shown.length === 1 && logs.status?.phase === 'streaming');
    client.setDowngradeWatch(true);
    await until(() => logs.status?.phase === 'polling');
    written.push(...burst(2, (i) => `polled ${i}`));
    await until(() => logs.shown.length === 3);
    client.setDowngradeWatch(false);
    await until(() => logs.status?.phase === 'streaming');
    written.push(...burst(1, () => 'streamed'));
    await until(() => logs.shown.length === 4);
    expect(logs.shown).toEqual(written);
    expect(logRequests().some((r) => r.query.follow === undefined)).toBe(true);
  });

  it('moves to polling behind a proxy that buffers the stream', async () => {
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    server.faults.inject({ kind: 'bufferingProxy' }, { resource: 'pods', verb: 'get', times: 'always' });
    const written = burst(2);
    const logs = follow({ stallSeconds: 0.3, downgradePolling: { interval: 50 } });
    await until(() => logs.shown.length === 2);
    expect(logs.status).toMatchObject({ phase: 'polling', notice: { reason: 'BufferingProxy' } });
    written.push(...burst(1, () => 'polled'));
    await until(() => logs.shown.length === 3);
    expect(logs.shown).toEqual(written);
  });

  it('closes the stream in a hidden tab and resumes without a gap when it is shown again', async () => {
    let hidden = false;
    const listeners = new Set<() => void>();
    const visibility: PageVisibility = { get hidden() { return hidden; }, subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)) };
    client.dispose();
    client = createKubeClient({ baseUrl: server.url, environment: tabSleep({ visibility, hiddenTabGraceMs: 10 }) });
    cluster().create(Pods, podObject('default', 'web', { app: 'running' }));
    const written = burst(1);
    const logs = follow();
    await until(() => logs.shown.length === 1);
    hidden = true;
    for (const l of listeners) l();
    await until(() => logs.status?.phase === 'paused');
    await until(() => server.requests.all({ open: true }).filter((r) => r.path.endsWith('/log')).length === 0);
    written.push(...burst(2, (i) => `while hidden ${i}`));
    hidden = false;
    for (const l of listeners) l();
    await until(() => logs.shown.length === 3);
    expect(logs.shown).toEqual(written);
  });
});
