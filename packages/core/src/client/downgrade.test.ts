import { describe, expect, it } from 'vitest';
import { Jobs, Pods } from '../resources/builtins.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { pod, status } from '../../test/scriptedServer.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient, fastTimers, delays } = useScriptedApi();

describe('downgrade polling', () => {
  it('polls instead of watching when the client downgrades and the call asks for it', async () => {
    let version = 1;
    api.setDefaultList(() => ({ items: [pod('a', String(version))], resourceVersion: String(version) }));
    const seen: string[] = [];
    const client = newClient({ downgradeWatch: true });
    client.watchResourceList({ resource: Pods, namespace: 'default', downgradePolling: { interval: 20 } }).subscribe((pods) => seen.push(pods[0]!.metadata!.resourceVersion!));
    await until(() => api.lists().length >= 3);
    version = 2;
    await until(() => seen.length === 2);
    expect(seen).toEqual(['1', '2']);
    expect(api.requests.every((r) => !r.watch)).toBe(true);
    expect(client.connections()[0]).toMatchObject({ transport: 'poll', phase: 'polling' });
  });

  it('polls one object with its name as a field selector and emits null while it is absent', async () => {
    const seen: unknown[] = [];
    newClient({ downgradeWatch: true }).watchResource({ resource: Jobs, namespace: 'testhl', name: 'pi', downgradePolling: { interval: 20 } }).subscribe((job) => seen.push(job));
    await until(() => api.lists().length >= 2);
    expect(seen).toEqual([null]);
    expect(api.lists()[0]!.url.searchParams.get('fieldSelector')).toBe('metadata.name=pi');
  });

  it('polls every pollInterval for downgradePolling: true, and every interval for downgradePolling: { interval }', async () => {
    // The harness runs waits under a minute at once: what each query waits is read from what it asked of the clock.
    const client = newClient({ downgradeWatch: true, pollInterval: 2_500, timers: fastTimers });
    client.watchResourceList({ resource: Pods, namespace: 'default', downgradePolling: true }).subscribe();
    client.watchResourceList({ resource: Pods, namespace: 'slow', downgradePolling: { interval: 45_000 } }).subscribe();
    // Until both queries asked for a wait at least once (or enough waits to tell that one never will).
    await until(() => (delays.length >= 3 && delays.includes(45_000)) || delays.length >= 20);
    // Nothing else: an ignored pollInterval would show as the default 10 s, an ignored interval as 2.5 s alone.
    expect(new Set(delays)).toEqual(new Set([2_500, 45_000]));
    expect(api.watches).toHaveLength(0);
  });

  it('keeps streaming when downgradeWatch is off, even if the call asks for polling', async () => {
    newClient({ downgradeWatch: false }).watchResourceList({ resource: Pods, downgradePolling: true }).subscribe();
    await until(() => api.watches.length === 1);
  });

  it('keeps streaming when downgradeWatch is on but the call does not ask for polling', async () => {
    newClient({ downgradeWatch: true }).watchResourceList({ resource: Pods }).subscribe();
    await until(() => api.watches.length === 1);
  });

  it('skips a turn on a transient failure and reports reconnecting, then recovers', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '1' }));
    api.answerNextList(() => status(503, 'ServiceUnavailable'));
    const observer = newClient({ downgradeWatch: true }).observeResourceList({ resource: Pods, downgradePolling: { interval: 20 } });
    const phases: string[] = [];
    const errors: unknown[] = [];
    observer.snapshots().subscribe((s) => {
      if (phases.at(-1) === s.status.phase) return;
      phases.push(s.status.phase);
      errors.push(s.status.error);
    });
    await until(() => phases.length === 4);
    expect(phases).toEqual(['loading', 'polling', 'reconnecting', 'polling']);
    expect(errors[2]).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect(api.lists().length).toBeGreaterThanOrEqual(3);
  });
});
