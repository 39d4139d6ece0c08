// A small write: POST a Job. The form does not add it to the list itself;
// the Job appears when the list's watch (or the next poll) reports it.
import { useState, type FormEvent } from 'react';
import { Jobs } from '@rxkube/core';
import { useKubeClient } from '@rxkube/react';
import { useScope } from '../lib/scope.ts';
import type { Job } from './jobStatus.ts';

const newName = () => `demo-${Math.random().toString(36).slice(2, 7)}`;

function jobBody(name: string, completions: number, seconds: number): Job {
  return {
    metadata: { name, labels: { app: 'demo', 'created-by': 'rxkube-console' } },
    spec: {
      completions,
      parallelism: 1,
      backoffLimit: 2,
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', `sleep ${seconds}`] }] },
      },
    },
  };
}

export function CreateJobForm() {
  const client = useKubeClient();
  const scope = useScope();
  const namespace = scope.namespace ?? 'default';
  const [name, setName] = useState(newName);
  const [completions, setCompletions] = useState(2);
  const [seconds, setSeconds] = useState(10);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setResult(undefined);
    client
      .createResource({ cluster: scope.cluster, resource: Jobs, namespace, body: jobBody(name.trim(), completions, seconds) })
      .then((job) => {
        setResult({ ok: true, text: `Created job ${namespace}/${job.metadata?.name}` });
        setName(newName());
      })
      .catch((error: Error) => setResult({ ok: false, text: error.message }))
      .finally(() => setBusy(false));
  };

  return (
    <form className="card create-job" data-testid="create-job-form" onSubmit={submit}>
      <h2>
        Create a Job <span className="muted">in {scope.clusterName}/{namespace}</span>
      </h2>
      <div className="form-row">
        <label>
          Name
          <input data-testid="create-job-name" required pattern="[a-z0-9]([-a-z0-9]*[a-z0-9])?" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Completions
          <input data-testid="create-job-completions" type="number" min={1} max={20} value={completions} onChange={(e) => setCompletions(Number(e.target.value))} />
        </label>
        <label>
          Seconds per pod
          <input type="number" min={1} max={600} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} />
        </label>
        <button type="submit" className="primary" data-testid="create-job-submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </div>
      {result && (
        <p className={result.ok ? 'notice ok' : 'notice error'} data-testid="create-job-result">
          {result.text}
        </p>
      )}
    </form>
  );
}
