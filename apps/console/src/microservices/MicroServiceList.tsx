// The MicroService CRD (asm.alauda.io/v1beta3), live. It lives in calico3 on
// the fake cluster; a cluster without the CRD answers 404 and the list says so.
import { useWatchResourceList, useWatchResourceTable } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { age } from '../lib/format.ts';
import { MicroServices } from '../lib/microservices.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { useListView } from '../lib/listView.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ServerTable } from '../shell/ServerTable.tsx';
import { ViewSelector } from '../shell/ViewSelector.tsx';

export function MicroServiceList() {
  const scope = useScope();
  const [view, setView] = useListView('table');
  const params = { cluster: scope.cluster, resource: MicroServices, namespace: scope.namespace, downgradePolling: DOWNGRADE_POLLING };
  // The table view shows the CRD's additionalPrinterColumns, whatever they are.
  const table = useWatchResourceTable(view === 'table' ? params : null);
  const list = useWatchResourceList(view === 'table' ? null : { ...params, view });
  const snapshot = view === 'table' ? table : list;
  const count = view === 'table' ? table.data?.rows.length : list.data?.length;
  const now = useNow();
  const items = list.data ?? [];
  return (
    <section className="card" data-testid="microservice-list">
      <div className="card-header">
        <h2>
          MicroServices <span className="muted">asm.alauda.io/v1beta3 in {scope.clusterName}</span>
        </h2>
        <span className="count">{count ?? '…'}</span>
        <ViewSelector view={view} onChange={setView} />
      </div>
      <QueryState snapshot={snapshot} what="microservices" />
      {table.data && table.data.rows.length > 0 && (
        <ServerTable table={table.data} rowTestId="microservice-row" now={now} link={(namespace, name) => scope.link(['microservices', namespace, name])} />
      )}
      {count === 0 && (
        <p className="empty">
          No MicroServices in {scope.clusterName}
          {scope.clusterName !== 'calico3' && <> — try <a href={scope.link(['microservices'], { cluster: 'calico3' })}>calico3</a></>}.
        </p>
      )}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Namespace</th>
              <th>Phase</th>
              <th>Version</th>
              <th className="num">Available</th>
              <th className="num">Age</th>
            </tr>
          </thead>
          <tbody>
            {items.map((ms) => {
              const name = ms.metadata?.name ?? '';
              const namespace = ms.metadata?.namespace ?? '';
              const phase = ms.status?.phase ?? 'Unknown';
              return (
                <tr key={`${namespace}/${name}`} data-testid="microservice-row" data-name={name}>
                  <td>
                    <a href={scope.link(['microservices', namespace, name])}>{name}</a>
                  </td>
                  <td className="muted">{namespace}</td>
                  <td>
                    <span className={`badge phase-${phase.toLowerCase()}`}>{phase}</span>
                  </td>
                  <td>{ms.spec?.version ?? '-'}</td>
                  <td className="num">{ms.status?.availableReplicas ?? 0}</td>
                  <td className="num muted">{age(ms.metadata?.creationTimestamp, now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
