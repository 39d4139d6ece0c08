/**
 * The table view's public shape, and the meta.k8s.io/v1 Table it is read
 * from. A row is stored in the cache like an object, keyed by the metadata of
 * its `row.object` (a PartialObjectMetadata with `includeObject=Metadata`, the
 * default): namespace, name and resourceVersion. Column definitions are the
 * resource's, not a row's: they come with a list, and on a watch with its
 * first event only (`NoHeaders` after it, watchEmbeddedEncoder in
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go), so they
 * are kept per query (viewMemory.ts) and a row holds only its cells.
 *
 * Invariant: no row without a name. A row whose object has no name (a
 * `includeObject=None` answer, a broken server) is never kept.
 */
import type { PartialObjectMetadata, ObjectMeta } from './projection.js';

/** A column the server prints (meta.k8s.io/v1 TableColumnDefinition). */
export interface TableColumn {
  readonly name: string;
  /** An OpenAPI type: 'string', 'integer', 'number', 'boolean', 'date'. */
  readonly type: string;
  /** An OpenAPI format; 'name' marks the column that holds the object's name. */
  readonly format: string;
  readonly description: string;
  /** 0: shown by `kubectl get`; higher: only with `-o wide`. */
  readonly priority: number;
}

/** One object's row: its key, its metadata, and one cell per column. */
export interface TableRow {
  /** `namespace/name`, or `name` for a cluster-scoped object: stable, for a UI's row key. */
  readonly key: string;
  readonly metadata: ObjectMeta;
  /** As the server printed them, in the order of the columns; null where a cell is unknown (see projectRow). */
  readonly cells: readonly unknown[];
}

/** What a table component renders, without knowing the kind: the columns, and the rows in the list's order (namespace, then name). */
export interface TableView {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}

/** A meta.k8s.io/v1 Table as the server sends it. */
export interface MetaTable {
  kind: 'Table';
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions?: TableColumn[] | null;
  rows?: { cells?: unknown[]; object?: PartialObjectMetadata | null }[] | null;
}

export function isTable(value: unknown): value is MetaTable {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Table';
}

export function rowKey(metadata: ObjectMeta): string {
  return metadata.namespace ? `${metadata.namespace}/${metadata.name}` : (metadata.name ?? '');
}

/** A row for the cache, or undefined when the server's row has no named object to key it by. */
export function toRow(cells: readonly unknown[] | undefined, metadata: ObjectMeta | undefined): TableRow | undefined {
  if (!metadata || typeof metadata.name !== 'string' || metadata.name === '') return undefined;
  return { key: rowKey(metadata), metadata, cells: Array.isArray(cells) ? cells : [] };
}

/**
 * The columns kube-apiserver's default table convertor prints for a kind
 * without printers (staging/src/k8s.io/apiserver/pkg/registry/rest/table.go):
 * what a table query shows when the server sends full objects instead.
 */
export const DEFAULT_COLUMNS: readonly TableColumn[] = Object.freeze([
  Object.freeze({ name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 }),
  Object.freeze({ name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 }),
]);

/**
 * A row for an object the server sent whole (it could not, or would not,
 * print it): the name in the name column, the creation time in a
 * `Created At` column, null in the others, which only the server can print.
 */
export function projectRow(metadata: ObjectMeta | undefined, columns: readonly TableColumn[]): TableRow | undefined {
  const cells = columns.map((column) => {
    if (column.format === 'name') return metadata?.name ?? null;
    if (column.name === 'Created At') return metadata?.creationTimestamp ?? null;
    return null;
  });
  return toRow(cells, metadata);
}

/** Two column lists that read alike (a resumed watch repeats them): the first is kept, so its identity holds. */
export function sameColumns(a: readonly TableColumn[], b: readonly TableColumn[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.type !== y.type || x.format !== y.format || x.priority !== y.priority || x.description !== y.description) return false;
  }
  return true;
}
