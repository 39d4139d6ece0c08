/**
 * Turns what the server sends for a view into what the cache keeps: list
 * bodies into lists of objects, watch events into events of objects. The
 * watcher and the cache downstream see plain objects keyed by their metadata
 * (a PartialObjectMetadata, or a TableRow), so they need no view logic.
 *
 * What real servers do, handled:
 * - 406 Not Acceptable (an aggregated API without projections, a server that
 *   rejects an Accept parameter it does not know): the request is sent again
 *   with plain `application/json`, and the bucket stays plain from then on;
 * - full objects instead of the projection: kube-apiserver answers plain JSON
 *   when the endpoint cannot convert (negotiate.go falls back to the next
 *   media range), and a watch whose transform fails for one object sends that
 *   object whole (watchEmbeddedEncoder.doEncode in
 *   staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go): the
 *   object is projected here (projection.ts, table.ts projectRow);
 * - a Table watch event's row without a named object: never kept; its
 *   version still advances the watch (it becomes a bookmark).
 * Either fallback puts a `ViewFallback` notice on the resource's queries.
 */
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import type { StatusNotice } from '../status/queryStatus.js';
import type { WatchEvent } from '../watch/events.js';
import { dropManagedFields, isPartialObjectMetadata, toPartialObjectMetadata, type ObjectMeta } from './projection.js';
import { DEFAULT_COLUMNS, isTable, projectRow, toRow, type MetaTable, type TableColumn } from './table.js';
import { acceptHeader, PLAIN_JSON, type RequestKind, type ResourceView } from './view.js';
import type { ViewMemory } from './viewMemory.js';

export interface ViewRequest {
  readonly view: ResourceView;
  readonly keepManagedFields: boolean;
  /** The cache bucket of the query: cluster, resource and view. */
  readonly bucket: string;
  /** The resource's plural, for notices. */
  readonly plural: string;
}

/** A list body as the watcher reads it: items and list metadata. */
export interface ViewList {
  metadata?: { resourceVersion?: string; continue?: string } | undefined;
  items: KubeObject[];
}

export class ViewCodec {
  constructor(
    private readonly request: ViewRequest,
    private readonly memory: ViewMemory,
  ) {}

  get view(): ResourceView {
    return this.request.view;
  }

  /** Sends with the view's Accept header; after a 406, once more with plain JSON, and plain from then on. */
  async send<R>(kind: RequestKind, send: (accept: string) => Promise<R>): Promise<R> {
    const { view, keepManagedFields, bucket } = this.request;
    const accept = this.memory.isRefused(bucket) ? PLAIN_JSON : acceptHeader(view, kind, keepManagedFields);
    try {
      return await send(accept);
    } catch (error) {
      if (!(error instanceof KubeApiError) || error.code !== 406 || accept === PLAIN_JSON) throw error;
      this.memory.refuse(bucket, this.notice(`the server refused ${accept.split(',')[0]} (406 Not Acceptable)`));
      return send(PLAIN_JSON);
    }
  }

  /** A list body in this view; undefined when it is not a list at all (the caller reports it). */
  list(body: unknown): ViewList | undefined {
    if (typeof body !== 'object' || body === null) return undefined;
    if (this.view === 'table' && isTable(body)) return this.tableList(body);
    const list = body as { metadata?: ViewList['metadata']; items?: unknown };
    if (!Array.isArray(list.items)) return undefined;
    const items = list.items as KubeObject[];
    return { metadata: list.metadata, items: items.map((item) => this.object(item)) };
  }

  /** The events of one chunk in this view, replaced in place in their fresh array; an event whose object is kept as it came stays the same. */
  events(events: WatchEvent[]): WatchEvent[] {
    if (this.view === 'full' && this.request.keepManagedFields) return events;
    for (let i = 0; i < events.length; i++) events[i] = this.event(events[i]!);
    return events;
  }

  private event(event: WatchEvent): WatchEvent {
    const object = event?.object as unknown;
    if (typeof object !== 'object' || object === null || event.type === 'ERROR') return event;
    if (this.view === 'table' && isTable(object)) return this.tableEvent(event.type, object);
    if (event.type === 'BOOKMARK') return event;
    const kept = this.object(object as KubeObject);
    return kept === object ? event : { type: event.type, object: kept };
  }

  /** One object as the view keeps it: managedFields dropped, full objects projected. */
  private object(object: KubeObject): KubeObject {
    if (!this.request.keepManagedFields) dropManagedFields(object);
    switch (this.view) {
      case 'full':
        return object;
      case 'metadata':
        if (isPartialObjectMetadata(object)) return object;
        this.memory.projected(this.request.bucket, this.notice('the server sent full objects'));
        return toPartialObjectMetadata(object);
      case 'table': {
        this.memory.projected(this.request.bucket, this.notice('the server sent full objects'));
        const columns = this.memory.columnsOf(this.request.bucket) ?? this.memory.setColumns(this.request.bucket, DEFAULT_COLUMNS);
        // Without a name there is no row; the watcher drops an object it cannot key (cache/applyOps.ts refOf).
        return (projectRow(object.metadata as ObjectMeta | undefined, columns) ?? { metadata: {} }) as KubeObject;
      }
    }
  }

  private tableList(table: MetaTable): ViewList {
    this.keepColumns(table.columnDefinitions);
    const items: KubeObject[] = [];
    for (const row of table.rows ?? []) {
      const metadata = this.rowMetadata(row.object);
      const kept = toRow(row.cells, metadata);
      if (kept) items.push(kept as KubeObject);
    }
    return { metadata: table.metadata, items };
  }

  private tableEvent(type: WatchEvent['type'], table: MetaTable): WatchEvent {
    this.keepColumns(table.columnDefinitions);
    const row = table.rows?.[0];
    const metadata = this.rowMetadata(row?.object);
    const resourceVersion = metadata?.resourceVersion ?? table.metadata?.resourceVersion;
    const kept = type === 'BOOKMARK' ? undefined : toRow(row?.cells, metadata);
    if (kept) return { type, object: kept as KubeObject };
    const annotations = metadata?.annotations ? { annotations: metadata.annotations } : {};
    return { type: 'BOOKMARK', object: { metadata: { ...(resourceVersion ? { resourceVersion } : {}), ...annotations } } };
  }

  private rowMetadata(object: unknown): ObjectMeta | undefined {
    if (typeof object !== 'object' || object === null) return undefined;
    const metadata = (object as { metadata?: unknown }).metadata;
    if (typeof metadata !== 'object' || metadata === null) return undefined;
    return this.request.keepManagedFields ? (metadata as ObjectMeta) : dropManagedFields({ metadata: metadata as ObjectMeta }).metadata;
  }

  private keepColumns(columns: readonly TableColumn[] | null | undefined): void {
    if (Array.isArray(columns) && columns.length > 0) this.memory.setColumns(this.request.bucket, columns);
  }

  private notice(cause: string): StatusNotice {
    const { view, plural } = this.request;
    const what = view === 'full' ? `managedFields of ${plural} are dropped in the client` : `the ${view} view of ${plural} is projected in the client from full objects`;
    return Object.freeze({ reason: 'ViewFallback', message: `${cause[0]!.toUpperCase()}${cause.slice(1)}: ${what}.` });
  }
}
