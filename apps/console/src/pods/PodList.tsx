// Every pod of the scope, live. Thousands of rows stay smooth: only the rows
// in view are in the DOM (@tanstack/react-virtual), the filter runs deferred,
// and a pod whose resourceVersion did not change keeps its identity, so its
// memoized row does not re-render.
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Pods } from '@rxkube/core';
import { useWatchResourceList } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { PodRow, ROW_HEIGHT } from './PodRow.tsx';

export function PodList() {
  const scope = useScope();
  const snapshot = useWatchResourceList({ cluster: scope.cluster, resource: Pods, namespace: scope.namespace, downgradePolling: DOWNGRADE_POLLING });
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter.trim());
  const pods = useMemo(() => {
    const all = snapshot.data ?? [];
    return deferredFilter ? all.filter((p) => p.metadata?.name?.includes(deferredFilter)) : all;
  }, [snapshot.data, deferredFilter]);
  const now = useNow(5_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: pods.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => pods[i]?.metadata?.uid ?? i,
  });
  const total = snapshot.data?.length;

  return (
    <section className="card" data-testid="pod-list">
      <div className="card-header">
        <h2>
          Pods <span className="muted">{scope.namespace ? `in ${scope.namespace}` : 'in all namespaces'}</span>
        </h2>
        <span className="count" data-testid="pod-count">
          {total === undefined ? '…' : deferredFilter ? `${pods.length} of ${total}` : `${total} pods`}
        </span>
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
      <div className="pod-grid pod-head" role="row">
        <span>Name</span>
        <span>Namespace</span>
        <span>Phase</span>
        <span>Node</span>
        <span className="num">Restarts</span>
        <span className="num">Age</span>
        <span />
      </div>
      <div ref={scrollRef} className="pod-scroll" data-testid="pod-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const pod = pods[item.index];
            return pod ? <PodRow key={item.key} pod={pod} cluster={scope.cluster} now={now} top={item.start} /> : null;
          })}
        </div>
        {total === 0 && <p className="empty">No pods here.</p>}
      </div>
    </section>
  );
}
