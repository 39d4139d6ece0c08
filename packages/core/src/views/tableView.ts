/**
 * The TableView a table query hands out: its rows, as the cache's list view
 * materializes them (namespace, then name), with the columns the server last
 * sent for the resource. The same object comes back until the rows or the
 * columns change, so a snapshot stays stable between flushes.
 */
import type { CacheStore } from '../cache/store.js';
import { DEFAULT_COLUMNS, type TableColumn, type TableRow, type TableView } from './table.js';
import { viewMemoryOf } from './viewMemory.js';

export function tableViewSelector(bucket: string): (store: CacheStore, key: string) => TableView | undefined {
  let rows: readonly TableRow[] | undefined;
  let columns: readonly TableColumn[] | undefined;
  let last: TableView | undefined;
  return (store, key) => {
    const nextRows = store.selectList<TableRow>(key);
    if (nextRows === undefined) return undefined;
    // Rows arrive with their columns (a list, or a watch's first event); before any, the default table's.
    const nextColumns = viewMemoryOf(store).columnsOf(bucket) ?? DEFAULT_COLUMNS;
    if (last && nextRows === rows && nextColumns === columns) return last;
    rows = nextRows;
    columns = nextColumns;
    last = Object.freeze({ columns, rows });
    return last;
  };
}
