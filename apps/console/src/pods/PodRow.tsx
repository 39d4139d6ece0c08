import { memo, useState } from 'react';
import { Pods, type ObjectOf } from '@rxkube/core';
import { useKubeClient } from '@rxkube/react';
import { age } from '../lib/format.ts';
import { useScope } from '../lib/scope.ts';

export const ROW_HEIGHT = 36;

type Pod = ObjectOf<typeof Pods>;

interface Props {
  pod: Pod;
  cluster: string | undefined;
  now: number;
  /** Offset in the virtual list, px. */
  top: number;
}

const restarts = (pod: Pod) => (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0);

/** One pod. Delete asks the API; the row goes away when the watch reports the deletion, not before. */
export const PodRow = memo(function PodRow({ pod, cluster, now, top }: Props) {
  const client = useKubeClient();
  const scope = useScope();
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string>();
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace;
  const phase = pod.status?.phase ?? 'Unknown';

  const remove = () => {
    setDeleting(true);
    setError(undefined);
    client.deleteResource({ cluster, resource: Pods, namespace, name }).catch((e: Error) => {
      setDeleting(false);
      setError(e.message);
    });
  };

  return (
    <div className="pod-grid pod-row" role="row" data-testid="pod-row" data-name={name} data-namespace={namespace} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <span className="name" title={name}>
        <a href={scope.link(['pods', namespace ?? '', name])}>{name}</a>
      </span>
      <span className="muted">{namespace}</span>
      <span>
        <span className={`badge phase-${phase.toLowerCase()}`} data-testid="pod-phase">
          {phase}
        </span>
      </span>
      <span className="muted">{pod.spec?.nodeName ?? '-'}</span>
      <span className="num">{restarts(pod)}</span>
      <span className="num muted">{age(pod.metadata?.creationTimestamp, now)}</span>
      <span className="actions">
        {error && <span className="error-text" title={error}>failed</span>}
        <button type="button" className="danger small" data-testid="delete-pod" disabled={deleting} onClick={remove} aria-label={`Delete pod ${name}`}>
          {deleting ? 'Deleting…' : 'Delete'}
        </button>
      </span>
    </div>
  );
});
