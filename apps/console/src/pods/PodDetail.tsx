// A pod, live: its phase and containers, then its logs. The pod query and the
// logs' own pod watch (restarts, deletion) are one question: one connection.
import { Pods } from '@rxkube/core';
import { useWatchResource } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { useScope } from '../lib/scope.ts';
import { PodLogs } from '../logs/PodLogs.tsx';
import { QueryState } from '../shell/QueryState.tsx';

export function PodDetail({ namespace, name }: { namespace: string; name: string }) {
  const scope = useScope();
  const snapshot = useWatchResource({ cluster: scope.cluster, resource: Pods, namespace, name, downgradePolling: DOWNGRADE_POLLING });
  const pod = snapshot.data;
  const containers = (pod?.spec?.containers ?? []).map((c) => c.name);
  return (
    <div className="detail" data-testid="pod-detail">
      <p className="crumbs">
        <a href={scope.link(['pods'])}>Pods</a> / {namespace} / <strong>{name}</strong>
      </p>
      <QueryState snapshot={snapshot} what={`pod ${name}`} />
      {pod === null && (
        <p className="notice" data-testid="pod-missing">
          Pod {namespace}/{name} does not exist.
        </p>
      )}
      {pod && (
        <section className="card" data-testid="pod-summary">
          <span className={`badge phase-${(pod.status?.phase ?? 'Unknown').toLowerCase()}`} data-testid="pod-phase">
            {pod.status?.phase ?? 'Unknown'}
          </span>{' '}
          <span className="muted">on {pod.spec?.nodeName ?? '(not scheduled)'}</span>
          {(pod.status?.containerStatuses ?? []).map((c) => (
            <span key={c.name} className="muted" data-testid="container-restarts" data-container={c.name}>
              {' '}
              · {c.name}: {c.restartCount} restarts
            </span>
          ))}
        </section>
      )}
      {pod && containers.length > 0 && <PodLogs key={`${namespace}/${name}`} cluster={scope.cluster} namespace={namespace} pod={name} containers={containers} />}
    </div>
  );
}
