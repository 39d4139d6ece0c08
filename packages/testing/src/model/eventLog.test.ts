import { describe, expect, it } from 'vitest';
import { FakeModel } from './model.js';

const pod = (name: string) => ({ metadata: { name, namespace: 'default' } });

describe('the event log window', () => {
  it('gives one resourceVersion per change, global across resources', () => {
    const cluster = new FakeModel().cluster();
    const start = Number(cluster.resourceVersion);
    const a = cluster.create('pods', pod('a'));
    const cm = cluster.create('configmaps', { metadata: { name: 'c' } });
    expect(Number(a.metadata.resourceVersion)).toBe(start + 1);
    expect(Number(cm.metadata.resourceVersion)).toBe(start + 2);
    expect(cluster.resourceVersion).toBe(String(start + 2));
    expect(cluster.changesSince(start)!.map((c) => [c.type, c.object.metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'c'],
    ]);
  });

  it('forgets changes beyond historyLimit: resuming from before the window is undefined (410)', () => {
    const cluster = new FakeModel({ historyLimit: 3 }).cluster();
    const start = Number(cluster.resourceVersion);
    for (const name of ['a', 'b', 'c', 'd', 'e']) cluster.create('pods', pod(name));
    expect(cluster.changesSince(start)).toBeUndefined();
    expect(cluster.changesSince(start + 1)).toBeUndefined();
    expect(cluster.changesSince(start + 2)!.map((c) => c.object.metadata.name)).toEqual(['c', 'd', 'e']);
    expect(cluster.oldestResourceVersion).toBe(String(start + 2));
  });

  it('compact() drops the history now; the current version stays resumable', () => {
    const cluster = new FakeModel().cluster();
    const before = Number(cluster.resourceVersion);
    cluster.create('pods', pod('a'));
    cluster.compact();
    expect(cluster.changesSince(before)).toBeUndefined();
    expect(cluster.changesSince(Number(cluster.resourceVersion))).toEqual([]);
    cluster.create('pods', pod('b'));
    expect(cluster.changesSince(Number(cluster.resourceVersion) - 1)!.map((c) => c.object.metadata.name)).toEqual(['b']);
  });

  it('restart() compacts and tells subscribers, so watches end', () => {
    const cluster = new FakeModel().cluster();
    const signals: string[] = [];
    cluster.subscribe((s) => signals.push(s.type));
    const before = Number(cluster.resourceVersion);
    cluster.create('pods', pod('a'));
    cluster.restart();
    expect(signals).toEqual(['change', 'restart']);
    expect(cluster.changesSince(before)).toBeUndefined();
  });

  it('rebuilds a past state for consistent lists (listAt) from the log', () => {
    const cluster = new FakeModel().cluster();
    const r = cluster.resolve('pods');
    cluster.create('pods', { ...pod('a'), metadata: { ...pod('a').metadata, labels: { v: '1' } } });
    const rv = Number(cluster.resourceVersion);
    cluster.patch('pods', 'default/a', { metadata: { labels: { v: '2' } } });
    cluster.create('pods', pod('b'));
    cluster.delete('pods', 'default/a');
    const past = cluster.listAt(r, {}, rv);
    expect(past.map((p) => [p.metadata.name, p.metadata.labels?.v])).toEqual([['a', '1']]);
    expect(cluster.list(r).map((p: any) => p.metadata.name)).toEqual(['b']);
  });
});
