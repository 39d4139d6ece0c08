// Objects the tests write into the fake's model, so that what happens on the
// page is decided by the test, not by the simulator's dice.
import { resources, type FakeCluster } from '@rxkube/testing';

export function createNamespace(cluster: FakeCluster, name: string): void {
  if (!cluster.find(resources.Namespaces, name)) cluster.create(resources.Namespaces, { metadata: { name } });
}

export function createJob(cluster: FakeCluster, namespace: string, name: string, completions: number) {
  return cluster.create<any>(resources.Jobs, {
    metadata: { name, namespace, labels: { 'job-name': name } },
    spec: {
      completions,
      parallelism: 1,
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 5'] }] } },
    },
  });
}

/** Replaces the Job's status (the /status subresource), as the job controller does. */
export function setJobStatus(cluster: FakeCluster, namespace: string, name: string, status: Record<string, unknown>) {
  const job = cluster.get<any>(resources.Jobs, { namespace, name });
  return cluster.updateStatus(resources.Jobs, { ...job, status });
}

export function completeCondition(at: string) {
  return [
    { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: at, lastTransitionTime: at },
    { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: at, lastTransitionTime: at },
  ];
}

let eventCount = 0;

/** An events.k8s.io/v1 Event about a Job. */
export function recordJobEvent(cluster: FakeCluster, namespace: string, job: string, reason: string, note: string, at = new Date()) {
  eventCount += 1;
  return cluster.create(resources.Events, {
    metadata: { name: `${job}.${eventCount.toString(16).padStart(8, '0')}`, namespace },
    eventTime: at.toISOString().replace('Z', '000Z'),
    reportingController: 'job-controller',
    reportingInstance: 'job-controller-e2e',
    action: reason === 'Completed' ? 'Completed' : 'Create',
    reason,
    note,
    type: 'Normal',
    regarding: { kind: 'Job', apiVersion: 'batch/v1', namespace, name: job },
  });
}

export function createPod(cluster: FakeCluster, namespace: string, name: string, phase = 'Running') {
  return cluster.create<any>(resources.Pods, {
    metadata: { name, namespace, labels: { app: 'e2e' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'busybox:1.36' }] },
    status: { phase },
  });
}
