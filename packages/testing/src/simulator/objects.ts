// Builders for the objects the simulator writes: realistic enough that a
// console (and kubectl's printers) show what a real cluster would.
import { Pods } from '../model/builtinResources.js';
import type { FakeCluster } from '../model/cluster.js';
import type { Random } from '../model/random.js';
import { microTime, rfc3339 } from '../model/time.js';

export interface PodSpecInput {
  namespace: string;
  name: string;
  app: string;
  /** Container name (default: the app). */
  container?: string;
  labels?: Record<string, string>;
  image: string;
  node?: string;
  createdAt: number;
  owner?: { apiVersion: string; kind: string; name: string; uid: string };
  restartPolicy?: 'Always' | 'Never' | 'OnFailure';
}

/**
 * `prefix-xxxxx`, a ReplicaSet's pod name, drawn again while it is taken: at
 * tens of thousands of replicas per template, five random characters collide.
 */
export function freshPodName(cluster: FakeCluster, random: Random, namespace: string, prefix: string): string {
  for (;;) {
    const name = `${prefix}-${random.suffix(5)}`;
    if (!cluster.find(Pods, { namespace, name })) return name;
  }
}

export function pendingPod(p: PodSpecInput) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: { app: p.app, ...p.labels },
      creationTimestamp: rfc3339(p.createdAt),
      ...(p.owner ? { ownerReferences: [{ ...p.owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: {
      containers: [
        {
          name: p.container ?? p.app,
          image: p.image,
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: p.restartPolicy ?? 'Always',
      serviceAccountName: 'default',
      ...(p.node ? { nodeName: p.node } : {}),
    },
    status: { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: p.node ? 'True' : 'False', lastTransitionTime: rfc3339(p.createdAt) }] },
  };
}

const podIp = (random: Random) => `10.244.${random.int(0, 3)}.${random.int(2, 254)}`;

/** The status of a pod whose single container runs (or ran) on `node`. */
export function runningStatus(pod: any, node: string, random: Random, at: number, restarts = 0) {
  const container = pod.spec.containers[0];
  const time = rfc3339(at);
  return {
    phase: 'Running',
    qosClass: 'Burstable',
    hostIP: `192.168.10.${node.replace(/\D/g, '') || '1'}`,
    podIP: pod.status?.podIP ?? podIp(random),
    startTime: pod.status?.startTime ?? time,
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: time })),
    containerStatuses: [
      {
        name: container.name,
        image: container.image,
        imageID: `${container.image.split(':')[0]}@sha256:${'0'.repeat(56)}${random.suffix(8)}`,
        containerID: `containerd://${random.suffix(16)}`,
        ready: true,
        started: true,
        restartCount: restarts,
        state: { running: { startedAt: time } },
      },
    ],
  };
}

export function terminatedStatus(pod: any, succeeded: boolean, at: number) {
  const time = rfc3339(at);
  const status = pod.status ?? {};
  const reason = succeeded ? 'Completed' : 'Error';
  return {
    ...status,
    phase: succeeded ? 'Succeeded' : 'Failed',
    conditions: (status.conditions ?? []).map((c: any) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', reason: 'PodCompleted', lastTransitionTime: time } : c)),
    containerStatuses: (status.containerStatuses ?? []).map((s: any) => ({
      ...s,
      ready: false,
      started: false,
      state: { terminated: { exitCode: succeeded ? 0 : 1, reason, startedAt: s.state?.running?.startedAt ?? time, finishedAt: time } },
    })),
  };
}

export interface EventInput {
  namespace: string;
  regarding: { kind: string; apiVersion: string; name: string; namespace: string; uid?: string };
  reason: string;
  note: string;
  type: 'Normal' | 'Warning';
  controller: string;
  action: string;
  at: number;
  suffix: string;
}

/** The same event in both of its API versions (a real apiserver stores them once and serves both). */
export function eventPair(e: EventInput) {
  const name = `${e.regarding.name}.${e.suffix}`;
  const metadata = { name, namespace: e.namespace };
  const modern = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata,
    eventTime: microTime(e.at),
    reportingController: e.controller,
    reportingInstance: `${e.controller}-fake`,
    action: e.action,
    reason: e.reason,
    regarding: e.regarding,
    note: e.note,
    type: e.type,
  };
  const legacy = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata,
    involvedObject: e.regarding,
    reason: e.reason,
    message: e.note,
    type: e.type,
    source: { component: e.controller },
    firstTimestamp: rfc3339(e.at),
    lastTimestamp: rfc3339(e.at),
    count: 1,
    eventTime: null,
    reportingComponent: e.controller,
    reportingInstance: `${e.controller}-fake`,
  };
  return { modern, legacy };
}
