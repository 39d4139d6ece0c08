import { memo, useState } from 'react';
import { Pods, type ObjectOf } from '@rxkube/core';
import { useKubeClient } from '@rxkube/react';
import { age } from '../lib/format.ts';
import { href } from '../lib/router.ts';

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

/** Deletes a pod through the API; the row goes away when the watch reports the deletion, not before. */
export function usePodDelete(cluster: string | undefined, namespace: string | undefined, name: string) {
  const client = useKubeClient();
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string>();
  const remove = () => {
    setDeleting(true);
    setError(undefined);
    client.deleteResource({ cluster, resource: Pods, namespace, name }).catch((e: Error) => {
      setDeleting(false);
      setError(e.message);
    });
  };
  return { deleting, error, remove };
}

export function DeleteButton({ name, deleting, error, remove }: { name: string } & ReturnType<typeof usePodDelete>) {
  return (
    <span className="actions">
      {error && <span className="error-text" title={error}>failed</span>}
      <button type="button" className="danger small" data-testid="delete-pod" disabled={deleting} onClick={remove} aria-label={`Delete pod ${name}`}>
        {deleting ? 'Deleting…' : 'Delete'}
      </button>
    </span>
  );
}

/** One pod, from a full object (or its metadata only: the rest shows as unknown). */
export const PodRow = memo(function PodRow({ pod, cluster, now, top }: Props) {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace;
  const phase = pod.status?.phase ?? 'Unknown';
  const deletion = usePodDelete(cluster, namespace, name);

  return (
    <div className="pod-grid pod-row" role="row" data-testid="pod-row" data-name={name} data-namespace={namespace} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <a className="name" title={name} href={href(['pods', namespace ?? '', name], { cluster })} data-testid="pod-link">
        {name}
      </a>
      <span className="muted">{namespace}</span>
      <span>
        <span className={`badge phase-${phase.toLowerCase()}`} data-testid="pod-phase">
          {phase}
        </span>
      </span>
      <span className="muted">{pod.spec?.nodeName ?? '-'}</span>
      <span className="num">{restarts(pod)}</span>
      <span className="num muted">{age(pod.metadata?.creationTimestamp, now)}</span>
      <DeleteButton name={name} {...deletion} />
    </div>
  );
});
