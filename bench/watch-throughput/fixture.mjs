/**
 * The recorded traffic the replay server plays back: one PodList and one watch
 * stream, fully serialized before any timing starts.
 *
 * Two kinds of traffic:
 * - `real` (the default): events drawn from a seeded PRNG, 85% MODIFIED, 7%
 *   ADDED (a new pod), 6% DELETED (an existing pod), 2% BOOKMARK, so the
 *   cache stays near N pods and nearly every batch adds or removes a member;
 * - `friendly` (the benchmark's first shape): MODIFIED only.
 *
 * Invariants:
 * - deterministic: the same size and traffic give the same bytes on every run;
 * - every event, BOOKMARKs included, has its own decimal resourceVersion,
 *   strictly increasing along the stream and above the list's (etcd's
 *   revision is global, so a pod watch sees gaps and bookmarks move it on):
 *   event j has `list + 1 + j` (`list + stride * (1 + j)` with a stride),
 *   which is how the replay server resumes a watch;
 * - listed pods are `ns-NN/pod-NNNNN`, in contiguous namespace blocks; added
 *   pods are `ns-NN/new-NNNNNNN`, which sort before every `pod-` name, so the
 *   last pod by (namespace, name) is always the last listed pod. It is never
 *   deleted, and the stream's final event is a change to it: a client is done
 *   when that pod shows the final resourceVersion (an O(1) check);
 * - MODIFIED and DELETED only name pods that exist at that point of the stream.
 */
import { seededRandom } from './random.mjs';

const NAMESPACES = 20;
/** Serialized size of the `last-applied-configuration` annotation, the bulk of a real pod's metadata. */
const LAST_APPLIED_BYTES = 2_800;
const ENV_VARS = 20;
/** Cumulative shares of the real mix: MODIFIED, ADDED, DELETED, then BOOKMARK. */
const REAL_MIX = [
  ['MODIFIED', 0.85],
  ['ADDED', 0.92],
  ['DELETED', 0.98],
  ['BOOKMARK', 1],
];
/** Upper bound of a serialized event, to allocate the stream's buffer once. */
const MAX_EVENT_BYTES = 8_000;
const SEED = 12;

/**
 * @param {number} pods @param {number} events @param {'real' | 'friendly'} traffic
 * @param {number} [rvStride] resourceVersions advance by this much per event (the latency server
 *   fits its probes in between); the replay server needs 1
 */
export function buildFixture(pods, events, traffic = 'real', rvStride = 1) {
  if (traffic !== 'real' && traffic !== 'friendly') throw new Error(`unknown traffic ${traffic}; known: real, friendly`);
  const random = seededRandom(SEED);
  const width = Math.max(5, String(pods - 1).length);
  const listResourceVersion = 10_000 + pods;
  const live = [];
  for (let i = 0; i < pods; i++) {
    live.push(makePod(i, `pod-${String(i).padStart(width, '0')}`, namespaceOf(Math.floor((i * NAMESPACES) / pods))));
  }
  const list = Buffer.from(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(listResourceVersion) }, items: live }), 'utf8');
  const sentinel = live[pods - 1];

  const counts = { MODIFIED: 0, ADDED: 0, DELETED: 0, BOOKMARK: 0 };
  // One buffer written in place: a 1 GB stream does not fit in one JavaScript string.
  const buffer = Buffer.allocUnsafe(events * MAX_EVENT_BYTES);
  // offsets[j] is where event j starts in `watch`; offsets[events] is its length.
  const offsets = new Float64Array(events + 1);
  let added = 0;
  for (let j = 0; j < events; j++) {
    const resourceVersion = String(listResourceVersion + rvStride * (1 + j));
    const type = j === events - 1 || traffic === 'friendly' ? 'MODIFIED' : pick(random());
    let object;
    if (type === 'MODIFIED') {
      const pod = j === events - 1 ? sentinel : live[Math.floor(random() * live.length)];
      object = modified(pod, resourceVersion, j);
    } else if (type === 'ADDED') {
      const pod = makePod(pods + added, `new-${String(added).padStart(7, '0')}`, namespaceOf(Math.floor(random() * NAMESPACES)));
      added += 1;
      live.push(pod);
      object = { ...pod, metadata: { ...pod.metadata, resourceVersion } };
    } else if (type === 'DELETED') {
      // Never the sentinel: its neighbour goes instead.
      let index = Math.floor(random() * live.length);
      if (live[index] === sentinel) index = (index + 1) % live.length;
      const [pod] = live.splice(index, 1);
      object = { ...pod, metadata: { ...pod.metadata, resourceVersion, deletionTimestamp: timestamp(1_700_000_000 + 60 + j) } };
    } else {
      object = { metadata: { resourceVersion } };
    }
    counts[type] += 1;
    const line = `${JSON.stringify({ type, object: { kind: 'Pod', apiVersion: 'v1', ...object } })}\n`;
    offsets[j + 1] = offsets[j] + buffer.write(line, offsets[j], 'utf8');
    if (offsets[j + 1] - offsets[j] >= MAX_EVENT_BYTES - 4) throw new Error(`event ${j} is larger than ${MAX_EVENT_BYTES} bytes`);
  }
  const watch = buffer.subarray(0, offsets[events]);
  return {
    pods,
    events,
    traffic,
    list,
    sentinel,
    watch,
    offsets,
    counts,
    finalPods: live.length,
    listResourceVersion: String(listResourceVersion),
    finalResourceVersion: String(listResourceVersion + rvStride * events),
    last: { namespace: sentinel.metadata.namespace, name: sentinel.metadata.name },
    averageEventBytes: Math.round(watch.length / events),
  };
}

function pick(draw) {
  for (const [type, upTo] of REAL_MIX) if (draw < upTo) return type;
  return 'BOOKMARK';
}

function namespaceOf(n) {
  return `ns-${String(n).padStart(2, '0')}`;
}

/** A change the kubelet would make: new resourceVersion, a probe time and a restart count. */
function modified(pod, resourceVersion, j) {
  const stamp = timestamp(1_700_000_000 + 60 + j);
  const [container] = pod.status.containerStatuses;
  return {
    ...pod,
    metadata: { ...pod.metadata, resourceVersion, annotations: { ...pod.metadata.annotations, 'bench.rxkube.io/revision': String(j) } },
    status: {
      ...pod.status,
      conditions: pod.status.conditions.map((condition) => ({ ...condition, lastProbeTime: stamp })),
      containerStatuses: [{ ...container, restartCount: container.restartCount + 1 + (j % 3), state: { running: { startedAt: stamp } } }],
    },
  };
}

/** A pod of about 5 KB serialized, shaped like a Deployment's pod with its kubectl annotation. */
export function makePod(i, name, namespace) {
  const app = `app-${i % 97}`;
  const hash = hex(i * 2654435761, 10);
  const created = timestamp(1_700_000_000 + i);
  const image = `registry.example.com/team-${i % 13}/${app}:1.${i % 31}.${i % 7}`;
  const labels = { app, 'pod-template-hash': hash, tier: i % 2 ? 'backend' : 'frontend' };
  const env = [];
  for (let e = 0; e < ENV_VARS; e++) env.push({ name: `VAR_${e}`, value: hex(i * 31 + e, 6) });
  const container = {
    name: app,
    image,
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env,
    resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    imagePullPolicy: 'IfNotPresent',
  };
  const spec = {
    containers: [container],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    serviceAccountName: 'default',
    nodeName: `node-${i % 50}`,
  };
  const lastApplied = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [container] } });
  const metadata = {
    name,
    namespace,
    uid: uid(i),
    resourceVersion: String(10_000 + i),
    creationTimestamp: created,
    labels,
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': pad(lastApplied, LAST_APPLIED_BYTES),
      'prometheus.io/scrape': 'true',
    },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: uid(i + 1_000_000), controller: true, blockOwnerDeletion: true }],
  };
  const conditionTypes = ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  const status = {
    phase: 'Running',
    conditions: conditionTypes.map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: created })),
    hostIP: `10.0.${i % 50}.1`,
    podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
    startTime: created,
    containerStatuses: [
      { name: app, state: { running: { startedAt: created } }, ready: true, restartCount: 0, image, containerID: `containerd://${hex(i + 7, 64)}`, started: true },
    ],
    qosClass: 'Burstable',
  };
  return { metadata, spec, status };
}

/** The annotation padded with spaces (or cut) so that it takes about `bytes` characters once serialized. */
function pad(text, bytes) {
  const escapes = JSON.stringify(text).length - text.length;
  const length = bytes - escapes;
  return text.length >= length ? text.slice(0, length) : text + ' '.repeat(length - text.length);
}

function timestamp(seconds) {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function hex(seed, length) {
  let out = '';
  let x = (seed >>> 0) ^ 0x9e3779b9;
  while (out.length < length) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

function uid(i) {
  const h = hex(i, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
