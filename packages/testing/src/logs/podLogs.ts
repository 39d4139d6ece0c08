// Writing a pod's log by hand, for tests and benchmarks that must know
// exactly what the fake wrote: the address of a container's current run,
// a write that returns the lines as the server will send them, and a pod
// whose containers run, wait or restart.
import { Pods } from '../model/builtinResources.js';
import type { FakeCluster } from '../model/cluster.js';
import { formatTimestamp, logsOf, type LogAddress } from './logStore.js';

export interface PodContainerRef {
  namespace: string;
  pod: string;
  /** Default: the pod's first container. */
  container?: string;
}

/** The log file of the container's current run (its restartCount). */
export function currentLog(cluster: FakeCluster, ref: PodContainerRef): LogAddress {
  const pod = cluster.get<any>(Pods, { namespace: ref.namespace, name: ref.pod });
  const container = ref.container ?? pod.spec.containers[0].name;
  const status = (pod.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === container);
  return { namespace: ref.namespace, pod: ref.pod, uid: pod.metadata.uid, container, run: status?.restartCount ?? 0 };
}

/** Writes to the container's current log at `ms` (default: the cluster's clock); returns `timestamp text` of each line, as `timestamps=true` sends them. */
export function writePodLog(cluster: FakeCluster, ref: PodContainerRef, text: string, ms = Date.now()): string[] {
  return logsOf(cluster)
    .write(currentLog(cluster, ref), text, ms)
    .map((entry) => `${formatTimestamp(entry)} ${entry.text}`);
}

export type ContainerState = 'running' | 'waiting' | 'terminated';

/** A Pod scheduled on node-1 whose containers are in the given states (restartCount 0). */
export function podObject(namespace: string, name: string, containers: Readonly<Record<string, ContainerState>>, phase = 'Running') {
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, labels: { app: name } },
    spec: { nodeName: 'node-1', containers: Object.keys(containers).map((c) => ({ name: c, image: `${c}:1` })) },
    status: {
      phase,
      containerStatuses: Object.entries(containers).map(([c, state]) => ({
        name: c,
        image: `${c}:1`,
        ready: state === 'running',
        restartCount: 0,
        state: containerState(state, at),
      })),
    },
  };
}

function containerState(state: ContainerState, at: string) {
  if (state === 'running') return { running: { startedAt: at } };
  if (state === 'waiting') return { waiting: { reason: 'ContainerCreating' } };
  return { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } };
}

/** Sets one container's state; a restart (`restart: true`) moves the run on: restartCount + 1, the last run terminated. */
export function setContainer(cluster: FakeCluster, ref: PodContainerRef, state: ContainerState, options: { restart?: boolean; phase?: string } = {}): void {
  const pod = cluster.get<any>(Pods, { namespace: ref.namespace, name: ref.pod });
  const container = ref.container ?? pod.spec.containers[0].name;
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const containerStatuses = pod.status.containerStatuses.map((s: any) =>
    s.name !== container
      ? s
      : {
          ...s,
          ready: state === 'running',
          restartCount: s.restartCount + (options.restart ? 1 : 0),
          state: containerState(state, at),
          ...(options.restart ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: at } } } : {}),
        },
  );
  cluster.updateStatus(Pods, { ...pod, status: { ...pod.status, ...(options.phase ? { phase: options.phase } : {}), containerStatuses } });
}
