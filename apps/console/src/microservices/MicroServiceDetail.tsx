import { useWatchResource } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { MicroServices } from '../lib/microservices.ts';
import { useScope } from '../lib/scope.ts';
import { QueryState } from '../shell/QueryState.tsx';

export function MicroServiceDetail({ namespace, name }: { namespace: string; name: string }) {
  const scope = useScope();
  const snapshot = useWatchResource({ cluster: scope.cluster, resource: MicroServices, namespace, name, downgradePolling: DOWNGRADE_POLLING });
  const ms = snapshot.data;
  const phase = ms?.status?.phase ?? 'Unknown';
  return (
    <div className="detail" data-testid="microservice-detail">
      <p className="crumbs">
        <a href={scope.link(['microservices'])}>MicroServices</a> / {namespace} / <strong>{name}</strong>
      </p>
      <QueryState snapshot={snapshot} what={`microservice ${name}`} />
      {ms === null && <p className="notice">MicroService {namespace}/{name} does not exist in {scope.clusterName}.</p>}
      {ms && (
        <>
          <section className="card">
            <div className="card-header">
              <h2>{name}</h2>
              <span className={`badge large phase-${phase.toLowerCase()}`} data-testid="microservice-phase">
                {phase}
              </span>
            </div>
            <div className="stats">
              <div className="stat">
                <span className="stat-value" data-testid="microservice-replicas">{ms.status?.availableReplicas ?? 0}</span>
                <span className="stat-label">available replicas</span>
              </div>
              <div className="stat">
                <span className="stat-value" data-testid="microservice-version">{ms.spec?.version ?? '-'}</span>
                <span className="stat-label">version</span>
              </div>
              <dl className="facts">
                <dt>Cluster</dt>
                <dd>{scope.clusterName}</dd>
                <dt>Generation</dt>
                <dd>
                  {ms.metadata?.generation ?? '-'} (observed {ms.status?.observedGeneration ?? '-'})
                </dd>
                <dt>Deployments</dt>
                <dd>{(ms.spec?.deployments ?? []).map((d) => d.name).join(', ') || '-'}</dd>
                <dt>Services</dt>
                <dd>{(ms.spec?.services ?? []).map((s) => `${s.name}${s.port ? `:${s.port}` : ''}`).join(', ') || '-'}</dd>
              </dl>
            </div>
          </section>
          <section className="card">
            <h3>Object</h3>
            <pre className="object-json">{JSON.stringify(ms, null, 2)}</pre>
          </section>
        </>
      )}
    </div>
  );
}
