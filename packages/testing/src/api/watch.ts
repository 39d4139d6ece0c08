// A watch, as the apiserver's watch cache serves it:
// - resourceVersion unset, "" or "0": synthetic ADDED for the current state, then live;
// - resourceVersion N: every change after N, then live; N older than the
//   history window: an ERROR event with a 410 Expired Status, then the end;
// - sendInitialEvents=true (resourceVersionMatch=NotOlderThan): ADDED for
//   the current state, then a BOOKMARK annotated k8s.io/initial-events-end;
// - an object that stops matching the selectors is sent as DELETED, one that
//   starts matching as ADDED;
// - allowWatchBookmarks: a BOOKMARK with the cluster's resourceVersion every
//   bookmarkIntervalMs; timeoutSeconds ends the response normally;
// - a cluster restart ends the response.
// Live changes reach a watch through the cluster's watcher index, scoped by
// the namespace and `metadata.name` it asks for (model/watchers.ts, the
// cacher's indexedWatchers), so a change is not tested against every watch.
import type { Fault } from '../faults/types.js';
import { eventWriter } from '../faults/streamFaults.js';
import type { FakeCluster, ListOptions } from '../model/cluster.js';
import type { Change, ChangeType, KubeObject } from '../model/eventLog.js';
import { compileQuery } from '../model/query.js';
import { apiVersionOf, resourceKey, type ResourceInfo } from '../model/resources.js';
import { expired } from '../model/status.js';
import type { LineStream } from './lineStream.js';

export interface WatchParams {
  cluster: FakeCluster;
  resource: ResourceInfo;
  options: ListOptions;
  /** Validated: undefined, '', '0' or a decimal. */
  resourceVersion: string | undefined;
  sendInitialEvents: boolean;
  allowBookmarks: boolean;
  timeoutMs: number;
  bookmarkIntervalMs: number;
  /** Turns an event into its wire object (plain object, or a one-row Table). */
  encode: (type: ChangeType | 'BOOKMARK', obj: KubeObject) => unknown;
  fault?: Fault | undefined;
}

const withVersion = (obj: KubeObject, rv: number): KubeObject => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } });

/** How one change looks to a watch with these selectors, if it sees it at all. */
function project(change: Change, key: string, match: (o: KubeObject) => boolean): [ChangeType, KubeObject] | undefined {
  if (resourceKey(change.resource) !== key) return undefined;
  const before = change.previous !== undefined && match(change.previous);
  if (change.type === 'DELETED') return before ? ['DELETED', change.object] : undefined;
  const now = match(change.object);
  if (now) return [before ? 'MODIFIED' : 'ADDED', change.object];
  return before ? ['DELETED', withVersion(change.previous!, change.rv)] : undefined;
}

/** Whether a watch from this resourceVersion reaches back before the history (so runWatch answers 410 Expired). */
export function isExpiredWatch(cluster: FakeCluster, resourceVersion: string | null, sendInitialEvents: boolean): boolean {
  if (sendInitialEvents || !resourceVersion || resourceVersion === '0' || !/^\d+$/.test(resourceVersion)) return false;
  return Number(resourceVersion) < Number(cluster.oldestResourceVersion); // where changesSince() has nothing
}

export function runWatch(stream: LineStream, p: WatchParams): void {
  const { cluster, resource } = p;
  const key = resourceKey(resource);
  const query = compileQuery(resource, p.options);
  const match = query.match;
  // A bookmark's object goes through the same encoder as the events (a one-row Table, a PartialObjectMetadata).
  const bookmark = (annotations?: Record<string, string>) => ({
    type: 'BOOKMARK',
    object: p.encode('BOOKMARK', {
      kind: resource.kind,
      apiVersion: apiVersionOf(resource),
      metadata: { resourceVersion: cluster.resourceVersion, ...(annotations ? { annotations } : {}) },
    } as KubeObject),
  });
  const writer = eventWriter(stream, p.fault, (code) => ({ type: 'ERROR', object: expiredStatus(code, p.resourceVersion, cluster) }));
  const send = (type: ChangeType, obj: KubeObject) => writer.write({ type, object: p.encode(type, obj) });

  writer.start();
  if (stream.done) return;

  const rv = p.resourceVersion;
  if (p.sendInitialEvents || !rv || rv === '0') {
    for (const obj of cluster.list<KubeObject>(resource, p.options)) send('ADDED', obj);
    if (p.sendInitialEvents) writer.write(bookmark({ 'k8s.io/initial-events-end': 'true' }), false);
  } else {
    const changes = cluster.changesSince(Number(rv));
    if (!changes) {
      writer.write({ type: 'ERROR', object: expiredStatus(410, rv, cluster) }, false);
      stream.close();
      return;
    }
    for (const change of changes) {
      const seen = project(change, key, match);
      if (seen) send(...seen);
    }
  }
  if (stream.done) return;

  const unsubscribe = cluster.watch({ resource, namespace: query.namespace, name: query.name }, (signal) => {
    if (signal.type === 'restart') return stream.close();
    const seen = project(signal.change, key, match);
    if (seen) send(...seen);
  });
  stream.onFinish(unsubscribe);
  if (p.allowBookmarks) stream.every(p.bookmarkIntervalMs, () => writer.write(bookmark(), false));
  stream.after(p.timeoutMs, () => stream.close());
}

function expiredStatus(code: number, rv: string | undefined, cluster: FakeCluster) {
  if (code !== 410) return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'injected error', reason: 'InternalError', code };
  return expired(`too old resource version: ${rv ?? '0'} (${cluster.oldestResourceVersion})`).status;
}
