// Lists with the apiserver's consistency rules. Pages (`limit`) carry a
// continue token that pins the list's resourceVersion, so every page comes
// from the same snapshot; a token older than the history window is 410
// Expired, as after an etcd compaction. `resourceVersionMatch=Exact` reads
// the past; everything else reads the current state.
import type { FakeCluster, ListOptions } from '../model/cluster.js';
import type { KubeObject } from '../model/eventLog.js';
import type { ResourceInfo } from '../model/resources.js';
import { badRequest, expired } from '../model/status.js';

export interface ListQuery {
  limit?: string | null;
  continue?: string | null;
  resourceVersion?: string | null;
  resourceVersionMatch?: string | null;
}

export interface ListPage {
  items: KubeObject[];
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
}

interface ContinueToken {
  rv: number;
  /** Key (namespace/name) of the last object sent. */
  start: string;
}

const encodeToken = (t: ContinueToken) => btoa(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start }));

function decodeToken(raw: string): ContinueToken {
  try {
    const parsed = JSON.parse(atob(raw)) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

export function parseResourceVersion(rv: string): number {
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version "${rv}"`);
  return Number(rv);
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

// A page is read from `start` on in key order, through the cluster's indexes
// (model/readRange.ts): it costs the page, not the list, so paging a large
// list is linear overall.
export function listPage(cluster: FakeCluster, resource: ResourceInfo, options: ListOptions, q: ListQuery): ListPage {
  const rvParam = q.resourceVersion ?? '';
  const match = q.resourceVersionMatch ?? '';
  if (match && !rvParam) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (match && match !== 'Exact' && match !== 'NotOlderThan') throw badRequest(`unsupported resourceVersionMatch "${match}"`);
  if (match === 'Exact' && rvParam === '0') throw badRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
  if (q.continue && rvParam && rvParam !== '0') throw badRequest('specifying resource version is not allowed when using continue');
  const limit = q.limit ? Number(q.limit) : 0;
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit "${q.limit}"`);

  let readAt = Number(cluster.resourceVersion);
  let start = '';
  if (q.continue) {
    const token = decodeToken(q.continue);
    if (token.rv < Number(cluster.oldestResourceVersion)) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    readAt = token.rv;
    start = token.start;
  } else if (rvParam && rvParam !== '0') {
    const rv = parseResourceVersion(rvParam);
    if (match === 'Exact') readAt = rv;
  }

  const range = cluster.listRange(resource, options, readAt, start, limit);
  const metadata: ListPage['metadata'] = { resourceVersion: String(readAt) };
  if (range.more) {
    metadata.continue = encodeToken({ rv: readAt, start: keyOf(range.items[range.items.length - 1]!) });
    if (range.remaining !== undefined) metadata.remainingItemCount = range.remaining;
  }
  return { items: range.items, metadata };
}
