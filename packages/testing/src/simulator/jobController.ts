// A small Job controller: runs pods up to `parallelism` until `completions`
// succeeded (Complete) or more than `backoffLimit` failed (Failed), keeping
// `status.active/ready/succeeded/failed`, `startTime`, `completionTime` and
// the conditions as batch/v1 reports them. It reads a Job's pods through the
// cluster's `job-name` label index, as the real controller reads its pod
// informer's index (pkg/controller/job/job_controller.go, `getPodsForJob`):
// the cost of a sync is that Job's pods, not the cluster's.
import { Jobs, Pods } from '../model/builtinResources.js';
import { rfc3339 } from '../model/time.js';
import type { SimContext } from './context.js';
import { freshPodName, pendingPod } from './objects.js';

export interface SimJob {
  namespace: string;
  name: string;
  uid: string;
  /** Tick at which it finished, once it did. */
  finishedAt?: number;
}

export function createJob(ctx: SimContext, namespace: string): SimJob {
  const name = `batch-${ctx.random.suffix(6)}`;
  const completions = ctx.random.int(1, 3);
  const job = ctx.cluster.create<any>(Jobs, {
    metadata: { name, namespace, labels: { app: 'batch', 'job-name': name } },
    spec: {
      completions,
      parallelism: ctx.random.int(1, 2),
      backoffLimit: 2,
      template: {
        metadata: { labels: { 'job-name': name } },
        spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 10'] }], restartPolicy: 'Never' },
      },
    },
  });
  return { namespace, name, uid: job.metadata.uid };
}

const regardingJob = (j: SimJob) => ({ kind: 'Job', apiVersion: 'batch/v1', name: j.name, namespace: j.namespace, uid: j.uid });

/** Brings one job's pods and status a step forward; returns the pods it created. */
export function syncJob(ctx: SimContext, j: SimJob): string[] {
  const job = ctx.cluster.find<any>(Jobs, j);
  if (!job) {
    j.finishedAt ??= ctx.tick;
    return [];
  }
  if (j.finishedAt !== undefined) return [];
  // batch/v1 defaults, for Jobs created without them.
  const completions: number = job.spec.completions ?? 1;
  const parallelism: number = job.spec.parallelism ?? 1;
  const backoffLimit: number = job.spec.backoffLimit ?? 6;
  const pods = ctx.cluster.list<any>(Pods, { namespace: j.namespace, labelSelector: `job-name=${j.name}` });
  const phase = (p: string) => pods.filter((pod) => pod.status?.phase === p).length;
  const active = phase('Pending') + phase('Running');
  const succeeded = phase('Succeeded');
  const failed = phase('Failed');
  const time = rfc3339(ctx.now);
  const status: any = {
    ...job.status,
    startTime: job.status?.startTime ?? time,
    active,
    ready: phase('Running'),
    succeeded,
    failed,
    terminating: 0,
    uncountedTerminatedPods: {},
  };
  const created: string[] = [];
  const condition = (type: string, reason: string, message: string) => ({ type, status: 'True', lastProbeTime: time, lastTransitionTime: time, reason, message });
  if (succeeded >= completions) {
    status.completionTime = time;
    status.conditions = [condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'), condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')];
    j.finishedAt = ctx.tick;
    ctx.event({ regarding: regardingJob(j), reason: 'Completed', note: 'Job completed', type: 'Normal', controller: 'job-controller', action: 'Completed' });
  } else if (failed > backoffLimit) {
    status.conditions = [condition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'), condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')];
    j.finishedAt = ctx.tick;
    ctx.event({ regarding: regardingJob(j), reason: 'BackoffLimitExceeded', note: 'Job has reached the specified backoff limit', type: 'Warning', controller: 'job-controller', action: 'Failed' });
  } else {
    const want = Math.min(parallelism - active, completions - succeeded - active);
    for (let i = 0; i < want; i++) {
      const name = freshPodName(ctx.cluster, ctx.random, j.namespace, j.name);
      const pod = pendingPod({
        namespace: j.namespace,
        name,
        app: 'batch',
        container: 'main',
        labels: { 'job-name': j.name, 'batch.kubernetes.io/job-name': j.name, 'controller-uid': j.uid },
        image: 'busybox:1.36',
        createdAt: ctx.now,
        owner: { apiVersion: 'batch/v1', kind: 'Job', name: j.name, uid: j.uid },
        restartPolicy: 'Never',
      });
      ctx.cluster.create(Pods, pod);
      created.push(name);
      ctx.event({ regarding: regardingJob(j), reason: 'SuccessfulCreate', note: `Created pod: ${name}`, type: 'Normal', controller: 'job-controller', action: 'Create' });
    }
    status.active = active + created.length;
  }
  ctx.cluster.updateStatus(Jobs, { ...job, status });
  return created;
}

/** Deletes a finished job and its pods (ttlSecondsAfterFinished). */
export function deleteJob(ctx: SimContext, j: SimJob): void {
  for (const pod of ctx.cluster.list<any>(Pods, { namespace: j.namespace, labelSelector: `job-name=${j.name}` })) ctx.cluster.delete(Pods, pod);
  if (ctx.cluster.find(Jobs, j)) ctx.cluster.delete(Jobs, j);
}
