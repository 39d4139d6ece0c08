// A list as the server prints it, for any kind: the `table` view's columns
// (those `kubectl get` shows) and one row per object, in the list's order.
// The name cell links to the object's detail page, which reads full objects.
import type { TableView } from '@rxkube/core';
import { cellText, shownColumns } from './cells.ts';

interface Props {
  table: TableView;
  /** data-testid of each row (`job-row`, ...), with data-name. */
  rowTestId: string;
  now: number;
  link?: (namespace: string, name: string) => string;
}

export function ServerTable({ table, rowTestId, now, link }: Props) {
  const columns = shownColumns(table.columns);
  return (
    <table className="table" data-testid="server-table">
      <thead>
        <tr>
          {columns.map(({ column }) => (
            <th key={column.name} title={column.description}>
              {column.name}
            </th>
          ))}
          <th>Namespace</th>
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => {
          const name = row.metadata.name ?? '';
          const namespace = row.metadata.namespace ?? '';
          return (
            <tr key={row.key} data-testid={rowTestId} data-name={name}>
              {columns.map(({ column, index }) => (
                <td key={column.name} className={column.type === 'integer' || column.type === 'number' ? 'num' : undefined}>
                  {column.format === 'name' && link ? <a href={link(namespace, name)}>{cellText(row, column, index, now)}</a> : cellText(row, column, index, now)}
                </td>
              ))}
              <td className="muted">{namespace}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
