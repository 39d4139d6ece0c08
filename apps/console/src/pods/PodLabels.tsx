// A pod's labels, editable: set (add or change) one, or remove one. Each edit
// is an optimistic `client.mutate` recipe on `metadata.labels`, sent as a JSON
// Patch guarded by the pod's resourceVersion (keys such as
// `app.kubernetes.io/name` are escaped in its paths) and re-run on a conflict,
// so a label changed meanwhile by someone else is kept.
import { useState, type FormEvent } from 'react';
import { Pods, type WriteStatus } from '@rxkube/core';
import { useKubeClient } from '@rxkube/react';
import { useScope } from '../lib/scope.ts';
import { useWrite } from '../lib/useWrite.ts';
import { WriteState } from '../shell/WriteState.tsx';
import type { Pod } from './PodDetail.tsx';

export function PodLabels({ pod, writes }: { pod: Pod; writes: WriteStatus | undefined }) {
  const { cluster } = useScope();
  const client = useKubeClient();
  const write = useWrite();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const labels = Object.entries(pod.metadata?.labels ?? {}).toSorted(([a], [b]) => a.localeCompare(b));
  const edit = (recipe: (labels: Record<string, string>) => void) =>
    write.run(() => client.mutate({ cluster, resource: Pods, namespace, name }, (draft) => recipe(((draft.metadata ??= {}).labels ??= {}))));

  const set = (event: FormEvent) => {
    event.preventDefault();
    const k = key.trim();
    if (!k) return;
    edit((draft) => void (draft[k] = value));
    setKey('');
    setValue('');
  };

  return (
    <section className="card" data-testid="pod-labels">
      <div className="card-header">
        <h3>Labels</h3>
        <WriteState writes={writes} object={`${namespace}/${name}`} error={write.error} />
      </div>
      <div className="labels">
        {labels.length === 0 && <p className="muted">No labels.</p>}
        {labels.map(([k, v]) => (
          <div key={k} className="label-row" data-testid="pod-label" data-key={k}>
            <code>
              {k}=<span data-testid="pod-label-value">{v}</span>
            </code>
            <button type="button" className="small danger" data-testid="pod-label-remove" onClick={() => edit((draft) => void delete draft[k])} aria-label={`Remove label ${k}`}>
              Remove
            </button>
          </div>
        ))}
      </div>
      <form className="label-form" onSubmit={set}>
        <input data-testid="pod-label-key" placeholder="key" value={key} onChange={(e) => setKey(e.target.value)} aria-label="Label key" />
        <input data-testid="pod-label-new-value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} aria-label="Label value" />
        <button type="submit" className="small" data-testid="pod-label-set">
          Set
        </button>
      </form>
    </section>
  );
}
