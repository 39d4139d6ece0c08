import { memo } from 'react';
import type { TableColumn, TableRow } from '@rxkube/core';
import { href } from '../lib/router.ts';
import { cellText } from '../shell/cells.ts';
import { DeleteButton, ROW_HEIGHT, usePodDelete } from './PodRow.tsx';

interface Props {
  row: TableRow;
  /** The shown columns and their index in the row's cells. */
  columns: readonly { column: TableColumn; index: number }[];
  grid: string;
  cluster: string | undefined;
  now: number;
  top: number;
}

/** One pod as the server prints it: its cells (the name links to the pod's page), with the namespace from its metadata; the Status cell as a badge. */
export const PodTableRow = memo(function PodTableRow({ row, columns, grid, cluster, now, top }: Props) {
  const name = row.metadata.name ?? '';
  const namespace = row.metadata.namespace;
  const deletion = usePodDelete(cluster, namespace, name);
  return (
    <div className="pod-row pod-table-grid" role="row" data-testid="pod-row" data-name={name} data-namespace={namespace} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT, gridTemplateColumns: grid }}>
      {columns.slice(0, 1).map(({ column, index }) => {
        const text = cellText(row, column, index, now);
        return (
          <span key={column.name} className="name" title={text}>
            <a href={href(['pods', namespace ?? '', name], { cluster })} data-testid="pod-link">
              {text}
            </a>
          </span>
        );
      })}
      <span className="muted">{namespace}</span>
      {columns.slice(1).map(({ column, index }) => {
        const text = cellText(row, column, index, now);
        if (column.name === 'Status') {
          return (
            <span key={column.name}>
              <span className={`badge phase-${text.toLowerCase()}`} data-testid="pod-phase">
                {text}
              </span>
            </span>
          );
        }
        return <span key={column.name} className="muted">{text}</span>;
      })}
      <DeleteButton name={name} {...deletion} />
    </div>
  );
});
