// The MicroService CRD (asm.alauda.io/v1beta3), live. It lives in calico3 on
// the fake cluster; a cluster without the CRD answers 404 and the list says so.
import { useWatchResourceList } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { age } from '../lib/format.ts';
import { MicroServices } from '../lib/microservices.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { QueryState } from '../shell/QueryState.tsx';

export function MicroServiceList() {
  const scope = useScope();
  const snapshot = useWatchResourceList({ cluster: scope.cluster, resource: MicroServices, namespace: scope.namespace, downgradePolling: DOWNGRADE_POLLING });
  const now = useNow();
  const items = snapshot.data ?? [];
  return (
    <section className="card" data-testid="microservice-list">
      <div className="card-header">
        <h2>
          MicroServices <span className="muted">asm.alauda.io/v1beta3 in {scope.clusterName}</span>
        </h2>
        <span className="count">{snapshot.data ? items.length : '…'}</span>
      </div>
      <QueryState snapshot={snapshot} what="microservices" />
      {snapshot.data && items.length === 0 && (
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
