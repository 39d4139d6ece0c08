// Every pod of the scope, live, in the view the selector shows: by default
// the `table` view (the server's columns, as `kubectl get pods` prints them,
// a few hundred bytes per pod kept), or `metadata` / `full` objects.
// Thousands of rows stay smooth: only the rows in view are in the DOM
// (@tanstack/react-virtual), the filter runs deferred, and a row whose
// resourceVersion did not change keeps its identity, so its memoized row
// does not re-render.
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Pods, type ObjectOf, type TableRow } from '@rxkube/core';
import { useWatchResourceList, useWatchResourceTable } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { useListView } from '../lib/listView.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { shownColumns } from '../shell/cells.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ViewSelector } from '../shell/ViewSelector.tsx';
import { PodRow, ROW_HEIGHT } from './PodRow.tsx';
import { PodTableRow } from './PodTableRow.tsx';

type Pod = ObjectOf<typeof Pods>;
const FULL_HEAD = ['Name', 'Namespace', 'Phase', 'Node', 'Restarts', 'Age'];

export function PodList() {
  const scope = useScope();
  const [view, setView] = useListView('table');
  const params = { cluster: scope.cluster, resource: Pods, namespace: scope.namespace, downgradePolling: DOWNGRADE_POLLING };
  const table = useWatchResourceTable(view === 'table' ? params : null);
  const list = useWatchResourceList(view === 'table' ? null : { ...params, view });
  const snapshot = view === 'table' ? table : list;
  const all: readonly (Pod | TableRow)[] | undefined = view === 'table' ? table.data?.rows : list.data;
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter.trim());
  const items = useMemo(() => {
    const every = all ?? [];
    return deferredFilter ? every.filter((p) => p.metadata?.name?.includes(deferredFilter)) : every;
  }, [all, deferredFilter]);
  const columns = useMemo(() => shownColumns(table.data?.columns ?? []), [table.data?.columns]);
  // Name, Namespace, the other columns, the delete button.
  const grid = `minmax(200px, 2.4fr) 1fr ${columns.slice(1).map(() => 'minmax(64px, 1fr)').join(' ')} 90px`;
  const now = useNow(5_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => items[i]?.metadata?.uid ?? i,
  });
  const total = all?.length;
  const head = view === 'table' ? [columns[0]?.column.name ?? 'Name', 'Namespace', ...columns.slice(1).map(({ column }) => column.name)] : FULL_HEAD;

  return (
    <section className="card" data-testid="pod-list" data-view={view}>
      <div className="card-header">
        <h2>
          Pods <span className="muted">{scope.namespace ? `in ${scope.namespace}` : 'in all namespaces'}</span>
        </h2>
        <span className="count" data-testid="pod-count">
          {total === undefined ? '…' : deferredFilter ? `${items.length} of ${total}` : `${total} pods`}
        </span>
        <ViewSelector view={view} onChange={setView} />
        <input
          data-testid="pod-filter"
          className="filter"
          type="search"
          placeholder="Filter by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <QueryState snapshot={snapshot} what="pods" />
      <div className={view === 'table' ? 'pod-table-grid pod-head' : 'pod-grid pod-head'} role="row" data-testid="pod-head" style={view === 'table' ? { gridTemplateColumns: grid } : undefined}>
        {head.map((name) => (
          <span key={name} className={name === 'Restarts' || name === 'Age' ? 'num' : undefined}>
            {name}
          </span>
        ))}
        <span />
      </div>
      <div ref={scrollRef} className="pod-scroll" data-testid="pod-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const pod = items[item.index];
            if (!pod) return null;
            return view === 'table' ? (
              <PodTableRow key={item.key} row={pod as TableRow} columns={columns} grid={grid} cluster={scope.cluster} now={now} top={item.start} />
            ) : (
              <PodRow key={item.key} pod={pod as Pod} cluster={scope.cluster} now={now} top={item.start} />
            );
          })}
        </div>
        {total === 0 && <p className="empty">No pods here.</p>}
      </div>
    </section>
  );
}
