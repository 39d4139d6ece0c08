// How a table view's cell reads, for any kind. Cells are what the server
// printed at the time of the event; an `Age` column (every printer's
// creationTimestamp column) is recomputed from the row's metadata instead, so
// it keeps counting between events as `kubectl get` cannot.
import type { TableColumn, TableRow } from '@rxkube/core';
import { age } from '../lib/format.ts';

export function cellText(row: TableRow, column: TableColumn, index: number, now: number): string {
  if (column.name === 'Age' && row.metadata.creationTimestamp) return age(row.metadata.creationTimestamp, now);
  const cell = row.cells[index];
  return cell === null || cell === undefined ? '<none>' : String(cell);
}

/** The columns `kubectl get` shows (priority 0), with their index in a row's cells. */
export function shownColumns(columns: readonly TableColumn[]): { column: TableColumn; index: number }[] {
  return columns.flatMap((column, index) => (column.priority === 0 ? [{ column, index }] : []));
}
