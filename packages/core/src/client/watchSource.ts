/**
 * The requests behind one query: list pages and watch streams on its
 * collection, with the query parameters in the order consoles send them
 * (`fieldSelector=metadata.name=x&watch=true&allowWatchBookmarks=true&timeoutSeconds=59&resourceVersion=N`).
 */
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import { apiVersionOf, type KubeObject } from '../resources/resourceType.js';
import { readJsonLineBatches } from '../streams/readJsonLines.js';
import { queryString } from '../urls/query.js';
import type { ListPage, WatchEvent } from '../watch/events.js';
import { continueTokenExpired } from '../watch/listing.js';
import type { ListRequest, WatchSource } from '../watch/runWatch.js';
import type { QuerySpec } from './querySpec.js';
import { ViewCodec } from '../views/viewCodec.js';
import { ViewMemory } from '../views/viewMemory.js';

export interface KubeList<T = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items?: T[];
}

export interface SourceOptions {
  listPageSize: number;
  watchTimeoutSeconds: number;
}

/** The client's source: its lists are promises, which `listAll` awaits. */
export interface HttpWatchSource extends WatchSource {
  list(request: ListRequest, signal: AbortSignal): Promise<ListPage>;
}

/**
 * `memory`: what the client knows of the query's view (table columns, a server
 * that refused the projection), shared by its connections; a one-shot list
 * passes none and gets its own.
 */
export function createWatchSource(http: KubeHttp, spec: QuerySpec, options: SourceOptions, memory = new ViewMemory()): HttpWatchSource {
  const apiVersion = apiVersionOf(spec.resource);
  const kind = spec.resource.kind;
  const view = spec.view ?? 'full';
  const keepManagedFields = spec.keepManagedFields ?? false;
  const codec = new ViewCodec({ view, keepManagedFields, bucket: spec.bucket, plural: spec.resource.plural }, memory);
  return {
    async list({ continueToken, unpaged }, signal) {
      const query = queryString({
        labelSelector: spec.labelSelector,
        fieldSelector: spec.fieldSelector,
        limit: unpaged ? undefined : options.listPageSize,
        continue: continueToken,
      });
      const body = await codec.send('list', (accept) => http.request<unknown>(spec.collectionPath + query, { cluster: spec.cluster, signal, accept }));
      const list = codec.list(body) ?? (body as KubeList);
      // Projections carry their own apiVersion and kind (meta.k8s.io/v1 PartialObjectMetadata, or none for a table row).
      return view === 'full' ? toPage(list, apiVersion, kind) : pageOf(list);
    },
    async watch(resourceVersion, sendInitialEvents, signal) {
      const query = queryString({
        labelSelector: spec.labelSelector,
        fieldSelector: spec.fieldSelector,
        watch: true,
        allowWatchBookmarks: true,
        timeoutSeconds: options.watchTimeoutSeconds,
        resourceVersion,
        resourceVersionMatch: sendInitialEvents ? 'NotOlderThan' : undefined,
        sendInitialEvents: sendInitialEvents ? true : undefined,
      });
      const { body, headers } = await codec.send('watch', (accept) => http.openStream(spec.collectionPath + query, { cluster: spec.cluster, signal, accept }));
      // Kubernetes 1.37 (WatchListCompression) gzips streaming lists, one member per flush; whether the
      // runtime decoded every member cannot be seen from here, so the watcher decides what to trust.
      const compressed = /\bgzip\b/i.test(headers.get('content-encoding') ?? '');
      const batches = readJsonLineBatches<WatchEvent>(body);
      return { batches: view === 'full' && keepManagedFields ? batches : viewBatches(batches, codec), compressed };
    },
  };
}

/** A list page; its items get the apiVersion and kind that lists leave out, so that they look like watched objects. */
export function toPage(list: KubeList, apiVersion: string, kind: string): ListPage {
  const page = pageOf(list);
  for (const item of page.items) {
    item.apiVersion ??= apiVersion;
    item.kind ??= kind;
  }
  return page;
}

/** A list page as it came: items, resourceVersion and continue token, checked. */
function pageOf(list: KubeList): ListPage {
  if (typeof list !== 'object' || list === null || !Array.isArray(list.items)) {
    throw KubeApiError.client('InvalidResponse', 'the list has no items array');
  }
  const resourceVersion = list.metadata?.resourceVersion;
  if (typeof resourceVersion !== 'string' || resourceVersion === '') {
    throw KubeApiError.client('InvalidResponse', 'the list has no metadata.resourceVersion to watch from');
  }
  return { items: list.items, resourceVersion, continueToken: list.metadata?.continue || undefined };
}

/** Each batch through the view's codec: one `then` per chunk read, nothing per event beyond the codec's own work. */
function viewBatches(batches: AsyncIterable<WatchEvent[]>, codec: ViewCodec): AsyncIterable<WatchEvent[]> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = batches[Symbol.asyncIterator]();
      return {
        next: () => iterator.next().then((result) => (result.done ? result : { done: false, value: codec.events(result.value) })),
        return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined }),
      };
    },
  };
}

/**
 * Every page of a list, for a one-shot request: failures reject. An expired
 * continue token leads to one full list, by the watcher's own rule
 * (`continueTokenExpired`, watch/listing.ts).
 */
export async function listAll(source: HttpWatchSource, signal: AbortSignal): Promise<ListPage> {
  const pages: (readonly KubeObject[])[] = [];
  let continueToken: string | undefined;
  for (;;) {
    let page: ListPage;
    try {
      page = await source.list({ continueToken }, signal);
    } catch (error) {
      if (!continueTokenExpired(error, continueToken)) throw error;
      return source.list({ unpaged: true }, signal);
    }
    pages.push(page.items);
    continueToken = page.continueToken;
    if (!continueToken) return { items: pages.flat(), resourceVersion: page.resourceVersion };
  }
}
