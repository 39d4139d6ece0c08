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

export function createWatchSource(http: KubeHttp, spec: QuerySpec, options: SourceOptions): HttpWatchSource {
  const apiVersion = apiVersionOf(spec.resource);
  const kind = spec.resource.kind;
  return {
    async list({ continueToken, unpaged }, signal) {
      const query = queryString({
        labelSelector: spec.labelSelector,
        fieldSelector: spec.fieldSelector,
        limit: unpaged ? undefined : options.listPageSize,
        continue: continueToken,
      });
      const list = await http.request<KubeList>(spec.collectionPath + query, { cluster: spec.cluster, signal });
      return toPage(list, apiVersion, kind);
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
      const { body, headers } = await http.openStream(spec.collectionPath + query, { cluster: spec.cluster, signal });
      // Kubernetes 1.37 (WatchListCompression) gzips streaming lists, one member per flush; whether the
      // runtime decoded every member cannot be seen from here, so the watcher decides what to trust.
      const compressed = /\bgzip\b/i.test(headers.get('content-encoding') ?? '');
      return { batches: readJsonLineBatches<WatchEvent>(body), compressed };
    },
  };
}

/** A list page; its items get the apiVersion and kind that lists leave out, so that they look like watched objects. */
export function toPage(list: KubeList, apiVersion: string, kind: string): ListPage {
  if (typeof list !== 'object' || list === null || !Array.isArray(list.items)) {
    throw KubeApiError.client('InvalidResponse', 'the list has no items array');
  }
  const resourceVersion = list.metadata?.resourceVersion;
  if (typeof resourceVersion !== 'string' || resourceVersion === '') {
    throw KubeApiError.client('InvalidResponse', 'the list has no metadata.resourceVersion to watch from');
  }
  for (const item of list.items) {
    item.apiVersion ??= apiVersion;
    item.kind ??= kind;
  }
  return { items: list.items, resourceVersion, continueToken: list.metadata?.continue || undefined };
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
