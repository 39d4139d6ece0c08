/**
 * The recorded traffic the replay server plays back: one PodList and one watch
 * stream of MODIFIED events, fully serialized before any timing starts.
 *
 * Invariants:
 * - deterministic: the same size gives the same bytes on every run;
 * - resourceVersions are decimal integers, strictly increasing along the
 *   stream and all above the list's, as an etcd-backed server sends them;
 * - pods are named `pod-00000`.. and spread over namespaces in contiguous
 *   blocks, so the last pod by (namespace, name) is the last one created, and
 *   the stream's final event is a change to that pod: a client is done when
 *   that pod shows the final resourceVersion;
 * - every pod is modified `events / pods` times, round-robin, so the cache
 *   ends up holding only objects that came from the stream.
 */

const NAMESPACES = 20;
/** Serialized size of the `last-applied-configuration` annotation, the bulk of a real pod's metadata. */
const LAST_APPLIED_BYTES = 2_800;
const ENV_VARS = 20;

/** @param {number} pods @param {number} events */
export function buildFixture(pods, events) {
  const width = Math.max(5, String(pods - 1).length);
  const listResourceVersion = 10_000 + pods;
  const objects = [];
  for (let i = 0; i < pods; i++) objects.push(makePod(i, width, pods));

  const list = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(listResourceVersion) }, items: objects });

  // Round-robin starting where it makes the last event land on the last pod.
  const offset = (((pods - 1 - (events - 1)) % pods) + pods) % pods;
  const lines = [];
  // offsets[j] is where event j starts in `watch`; offsets[events] is its length.
  const offsets = new Float64Array(events + 1);
  for (let j = 0; j < events; j++) {
    const index = (j + offset) % pods;
    const pod = objects[index];
    const resourceVersion = String(listResourceVersion + 1 + j);
    const line = `${JSON.stringify({ type: 'MODIFIED', object: { kind: 'Pod', apiVersion: 'v1', ...modified(pod, resourceVersion, j) } })}\n`;
    offsets[j + 1] = offsets[j] + Buffer.byteLength(line);
    lines[j] = line;
  }
  const watch = Buffer.from(lines.join(''), 'utf8');
  const lastPod = objects[pods - 1].metadata;
  return {
    pods,
    events,
    list: Buffer.from(list, 'utf8'),
    watch,
    offsets,
    listResourceVersion: String(listResourceVersion),
    finalResourceVersion: String(listResourceVersion + events),
    last: { namespace: lastPod.namespace, name: lastPod.name },
    averageEventBytes: Math.round(watch.length / events),
  };
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
      containerStatuses: [{ ...container, restartCount: container.restartCount + 1, state: { running: { startedAt: stamp } } }],
    },
  };
}

function makePod(i, width, pods) {
  const name = `pod-${String(i).padStart(width, '0')}`;
  const namespace = `ns-${String(Math.floor((i * NAMESPACES) / pods)).padStart(2, '0')}`;
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
