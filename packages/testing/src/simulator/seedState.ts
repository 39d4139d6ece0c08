// A realistic starting point: namespaces, nodes, deployments with their
// services and a few hundred running pods (labels such as app=web), some
// events; and for a second cluster the MicroService CRD of the console's
// detail page (asm.alauda.io/v1beta3 `asm-cal3` in `testhl`).
import { Deployments, MicroServices, Nodes, Pods, Services, ConfigMaps, Namespaces } from '../model/builtinResources.js';
import type { FakeCluster } from '../model/cluster.js';
import type { Random } from '../model/random.js';
import { rfc3339 } from '../model/time.js';
import { freshPodName, pendingPod, runningStatus } from './objects.js';

export const NODES = ['node-1', 'node-2', 'node-3'];

/** Deployment-like workloads: namespace, app label and replica count. */
export const WORKLOADS: ReadonlyArray<{ namespace: string; app: string; replicas: number }> = [
  { namespace: 'testhl', app: 'web', replicas: 90 },
  { namespace: 'testhl', app: 'api', replicas: 60 },
  { namespace: 'testhl', app: 'worker', replicas: 30 },
  { namespace: 'default', app: 'web', replicas: 40 },
  { namespace: 'default', app: 'cache', replicas: 20 },
  { namespace: 'kube-system', app: 'coredns', replicas: 2 },
  { namespace: 'monitoring', app: 'prometheus', replicas: 8 },
];

const ensureNamespace = (cluster: FakeCluster, name: string) => {
  if (!cluster.find(Namespaces, name)) cluster.create(Namespaces, { metadata: { name } });
};

export function seedNodes(cluster: FakeCluster, now: number): void {
  for (const [i, name] of NODES.entries()) {
    if (cluster.find(Nodes, name)) continue;
    cluster.create(Nodes, {
      metadata: {
        name,
        labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}) },
        creationTimestamp: rfc3339(now - 40 * 86_400_000),
      },
      spec: { podCIDR: `10.244.${i}.0/24` },
      status: {
        addresses: [{ type: 'InternalIP', address: `192.168.10.${i + 1}` }, { type: 'Hostname', address: name }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: rfc3339(now - 40 * 86_400_000) }],
        capacity: { cpu: '8', memory: '32Gi', pods: '110' },
        nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Ubuntu 24.04 LTS', containerRuntimeVersion: 'containerd://1.7.27', architecture: 'amd64', operatingSystem: 'linux' },
      },
    });
  }
}

export function seedWorkloads(cluster: FakeCluster, random: Random, now: number, scale = 1): void {
  seedNodes(cluster, now);
  for (const w of WORKLOADS) {
    ensureNamespace(cluster, w.namespace);
    const replicas = Math.max(1, Math.round(w.replicas * scale));
    const labels = { app: w.app };
    const hash = random.suffix(10);
    const created = now - random.int(2, 30) * 86_400_000;
    const image = `registry.example.com/rxkube/${w.app}:1.${random.int(0, 9)}.${random.int(0, 20)}`;
    if (!cluster.find(Deployments, { namespace: w.namespace, name: w.app })) {
      cluster.create(Deployments, {
        metadata: { name: w.app, namespace: w.namespace, labels, creationTimestamp: rfc3339(created) },
        spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: w.app, image }] } } },
      });
      cluster.updateStatus(Deployments, {
        ...cluster.get<any>(Deployments, { namespace: w.namespace, name: w.app }),
        status: { replicas, readyReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
      });
      cluster.create(Services, {
        metadata: { name: w.app, namespace: w.namespace, labels, creationTimestamp: rfc3339(created) },
        spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
      });
      cluster.create(ConfigMaps, { metadata: { name: `${w.app}-config`, namespace: w.namespace, creationTimestamp: rfc3339(created) }, data: { LOG_LEVEL: 'info' } });
    }
    for (let i = 0; i < replicas; i++) {
      const node = random.pick(NODES);
      const name = freshPodName(cluster, random, w.namespace, `${w.app}-${hash}`);
      const createdAt = created + random.int(0, 86_400_000);
      const pod = pendingPod({ namespace: w.namespace, name, app: w.app, labels: { 'pod-template-hash': hash }, image, node, createdAt });
      cluster.create(Pods, { ...pod, status: runningStatus(pod, node, random, createdAt + 5_000, random.chance(0.1) ? random.int(1, 4) : 0) });
    }
  }
}

export function seedMicroServices(cluster: FakeCluster, now: number): void {
  ensureNamespace(cluster, 'testhl');
  if (cluster.find(MicroServices, { namespace: 'testhl', name: 'asm-cal3' })) return;
  cluster.create(MicroServices, {
    apiVersion: 'asm.alauda.io/v1beta3',
    kind: 'MicroService',
    metadata: { name: 'asm-cal3', namespace: 'testhl', labels: { app: 'asm-cal3' }, creationTimestamp: rfc3339(now - 3 * 86_400_000) },
    spec: { deployments: [{ name: 'asm-cal3' }], services: [{ name: 'asm-cal3', port: 80 }], version: 'v1' },
  });
  cluster.updateStatus(MicroServices, {
    ...cluster.get<any>(MicroServices, { namespace: 'testhl', name: 'asm-cal3' }),
    status: { phase: 'Running', availableReplicas: 2, observedGeneration: 1 },
  });
}
