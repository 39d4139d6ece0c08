// The Deployments of the scope, live, each with − and + to scale it. A click
// is an optimistic `client.mutate` of `spec.replicas`: the new count shows in
// the next frame, "Saving…" until the server answers, and a failure puts the
// server's count back with the reason beside it.
import { Deployments, type ObjectOf, type WriteStatus } from '@rxkube/core';
import { useKubeClient, useWatchResourceList } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { useScope } from '../lib/scope.ts';
import { useWrite } from '../lib/useWrite.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { WriteState } from '../shell/WriteState.tsx';

type Deployment = ObjectOf<typeof Deployments>;

export function DeploymentList() {
  const scope = useScope();
  const snapshot = useWatchResourceList({ cluster: scope.cluster, resource: Deployments, namespace: scope.namespace, downgradePolling: DOWNGRADE_POLLING });
  const deployments = snapshot.data ?? [];
  return (
    <section className="card" data-testid="deployment-list">
      <div className="card-header">
        <h2>
          Deployments <span className="muted">{scope.namespace ? `in ${scope.namespace}` : 'in all namespaces'}</span>
        </h2>
        <span className="count" data-testid="deployment-count">
          {snapshot.data ? `${deployments.length} deployments` : '…'}
        </span>
      </div>
      <QueryState snapshot={snapshot} what="deployments" />
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Namespace</th>
            <th className="num">Ready</th>
            <th className="num">Replicas</th>
            <th>Scale</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <DeploymentRow key={d.metadata?.uid ?? `${d.metadata?.namespace}/${d.metadata?.name}`} deployment={d} cluster={scope.cluster} writes={snapshot.status.writes} />
          ))}
        </tbody>
      </table>
      {snapshot.data?.length === 0 && <p className="empty">No deployments here.</p>}
    </section>
  );
}

function DeploymentRow({ deployment, cluster, writes }: { deployment: Deployment; cluster: string | undefined; writes: WriteStatus | undefined }) {
  const client = useKubeClient();
  const write = useWrite();
  const name = deployment.metadata?.name ?? '';
  const namespace = deployment.metadata?.namespace ?? '';
  const replicas = deployment.spec?.replicas ?? 1;
  // A step, not a count: the recipe runs on the server's version (and again on a newer one after a
  // conflict), so two quick clicks are two steps even when their PATCHes cross.
  const scale = (step: number) =>
    write.run(() =>
      client.mutate({ cluster, resource: Deployments, namespace, name }, (draft) => {
        if (draft.spec) draft.spec.replicas = Math.max(0, (draft.spec.replicas ?? 1) + step);
      }),
    );
  return (
    <tr data-testid="deployment-row" data-name={name} data-namespace={namespace}>
      <td className="name">{name}</td>
      <td className="muted">{namespace}</td>
      <td className="num">{deployment.status?.readyReplicas ?? 0}</td>
      <td className="num" data-testid="deployment-replicas">
        {replicas}
      </td>
      <td>
        <span className="actions-bar">
          <button type="button" className="small" data-testid="scale-down" disabled={replicas === 0} onClick={() => scale(-1)} aria-label={`Scale ${name} down`}>
            −
          </button>
          <button type="button" className="small" data-testid="scale-up" onClick={() => scale(1)} aria-label={`Scale ${name} up`}>
            +
          </button>
          <WriteState writes={writes} object={`${namespace}/${name}`} error={write.error} />
        </span>
      </td>
    </tr>
  );
}
