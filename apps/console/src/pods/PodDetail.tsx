// One Pod, live (`#/pods/{ns}/{name}`): phase, node, restarts, its labels
// (editable, pods/PodLabels.tsx), a Delete button, then its logs
// (logs/PodLogs.tsx). A delete shows "Terminating" at once; the page then says
// the pod is gone, or rolls back with the reason. The pod query and the logs'
// own pod watch (restarts, deletion) are one question: one connection.
import { Pods, type ObjectOf } from '@rxkube/core';
import { useKubeClient, useWatchResource } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { age } from '../lib/format.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { useWrite } from '../lib/useWrite.ts';
import { PodLogs } from '../logs/PodLogs.tsx';
import { QueryState } from '../shell/QueryState.tsx';
import { WriteState } from '../shell/WriteState.tsx';
import { PodLabels } from './PodLabels.tsx';

export type Pod = ObjectOf<typeof Pods>;

/** kubectl's STATUS column, in short: Terminating once a delete is asked, else the phase. */
const podPhase = (pod: Pod) => (pod.metadata?.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? 'Unknown'));

export function PodDetail({ namespace, name }: { namespace: string; name: string }) {
  const scope = useScope();
  const client = useKubeClient();
  const snapshot = useWatchResource({ cluster: scope.cluster, resource: Pods, namespace, name, downgradePolling: DOWNGRADE_POLLING });
  const remove = useWrite();
  const now = useNow();
  const pod = snapshot.data;
  const phase = pod ? podPhase(pod) : undefined;
  const containers = (pod?.spec?.containers ?? []).map((c) => c.name);
  return (
    <div className="detail" data-testid="pod-detail">
      <p className="crumbs">
        <a href={scope.link(['pods'])}>Pods</a> / {namespace} / <strong>{name}</strong>
      </p>
      <QueryState snapshot={snapshot} what={`pod ${name}`} />
      {pod === null && (
        <p className="notice" data-testid="pod-missing">
          Pod {namespace}/{name} does not exist: not created yet, or deleted. This page shows it as soon as it is created.
        </p>
      )}
      {pod && phase && (
        <>
          <section className="card" data-testid="pod-header" data-resource-version={pod.metadata?.resourceVersion}>
            <div className="card-header">
              <h2>{name}</h2>
              <span className={`badge large phase-${phase.toLowerCase()}`} data-testid="pod-detail-phase">
                {phase}
              </span>
              <span className="actions-bar">
                <button
                  type="button"
                  className="small danger"
                  data-testid="pod-delete"
                  disabled={phase === 'Terminating'}
                  onClick={() => remove.run(() => client.deleteResource({ cluster: scope.cluster, resource: Pods, namespace, name }))}
                >
                  Delete
                </button>
                {/* "Saving…" shows on the labels; a pending delete reads Terminating. */}
                <WriteState writes={undefined} object={`${namespace}/${name}`} error={remove.error} />
              </span>
            </div>
            <dl className="facts">
              <dt>Namespace</dt>
              <dd>{namespace}</dd>
              <dt>Node</dt>
              <dd>{pod.spec?.nodeName ?? '-'}</dd>
              <dt>Created</dt>
              <dd>{age(pod.metadata?.creationTimestamp, now)} ago</dd>
              <dt>Containers</dt>
              <dd>
                {containers.join(', ') || '-'}
                {(pod.status?.containerStatuses ?? []).map((c) => (
                  <span key={c.name} className="muted" data-testid="container-restarts" data-container={c.name}>
                    {' '}
                    · {c.name}: {c.restartCount} restarts
                  </span>
                ))}
              </dd>
            </dl>
          </section>
          <PodLabels pod={pod} writes={snapshot.status.writes} />
        </>
      )}
      {pod && containers.length > 0 && <PodLogs key={`${namespace}/${name}`} cluster={scope.cluster} namespace={namespace} pod={name} containers={containers} />}
    </div>
  );
}
