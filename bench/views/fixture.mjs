/**
 * The views benchmark's traffic: the throughput benchmark's pods and events
 * (bench/watch-throughput/fixture.mjs, S1 = 5,000 pods then 50,000 events),
 * with the managedFields real pods carry, served three ways as kube-apiserver
 * would serve them:
 * - full: the PodList and the watch events as they are;
 * - metadata: a PartialObjectMetadataList, then PartialObjectMetadata events
 *   (bookmarks included);
 * - table: a Table (the fake apiserver's pod printer, `includeObject=Metadata`),
 *   then one-row Tables, the column definitions on the first event only.
 * The server's ManagedFieldsOptOut gate is off (alpha in 1.37): managedFields
 * come in every view and the client drops them.
 *
 * managedFields: what kube-controller-manager (the ReplicaSet's create) and
 * the kubelet (status, a subresource update) write on a Deployment's pod:
 * two FieldsV1 entries naming every field they set, about 2.3 KB serialized.
 */
import { buildFixture } from '../watch-throughput/fixture.mjs';

const testing = new URL('../../packages/testing/dist/', import.meta.url);
const { toTable, partialObjectMetadata } = await import(new URL('api/table.js', testing).href);
const { Pods } = await import(new URL('model/builtinResources.js', testing).href);

/** The time the fixture's tables are printed at (their Age cells), a little after the last pod was created. */
const PRINTED_AT = Date.parse('2023-11-15T00:00:00Z');

const named = (list) => Object.fromEntries(list.map((item) => [`k:${JSON.stringify({ name: item.name })}`, { '.': {}, 'f:name': {}, 'f:value': {} }]));
const condition = (type) => [`k:${JSON.stringify({ type })}`, { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} }];

export function managedFieldsOf(pod) {
  const container = pod.spec.containers[0];
  const time = pod.metadata.creationTimestamp;
  const controller = {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'v1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': {
        'f:generateName': {},
        'f:labels': Object.fromEntries([['.', {}], ...Object.keys(pod.metadata.labels).map((k) => [`f:${k}`, {}])]),
        'f:ownerReferences': { '.': {}, [`k:${JSON.stringify({ uid: pod.metadata.ownerReferences[0].uid })}`]: {} },
      },
      'f:spec': {
        'f:containers': {
          [`k:${JSON.stringify({ name: container.name })}`]: {
            '.': {}, 'f:env': { '.': {}, ...named(container.env) }, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {},
            'f:ports': { '.': {}, [`k:${JSON.stringify({ containerPort: 8080, protocol: 'TCP' })}`]: { '.': {}, 'f:containerPort': {}, 'f:name': {}, 'f:protocol': {} } },
            'f:resources': { '.': {}, 'f:limits': { '.': {}, 'f:cpu': {}, 'f:memory': {} }, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } },
            'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {},
          },
        },
        'f:dnsPolicy': {}, 'f:enableServiceLinks': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {},
      },
    },
  };
  const kubelet = {
    manager: 'kubelet',
    operation: 'Update',
    apiVersion: 'v1',
    time,
    fieldsType: 'FieldsV1',
    subresource: 'status',
    fieldsV1: {
      'f:status': {
        'f:conditions': Object.fromEntries(['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'Ready'].map(condition)),
        'f:containerStatuses': {}, 'f:hostIP': {}, 'f:hostIPs': {}, 'f:phase': {}, 'f:podIP': {},
        'f:podIPs': { '.': {}, [`k:${JSON.stringify({ ip: pod.status.podIP })}`]: { '.': {}, 'f:ip': {} } },
        'f:startTime': {},
      },
    },
  };
  return [controller, kubelet];
}

const withManagedFields = (object) =>
  object.metadata?.name ? { ...object, metadata: { ...object.metadata, managedFields: managedFieldsOf(object.spec ? object : { ...object, spec: { containers: [{ name: 'c', env: [] }] } }) } } : object;

/**
 * @param {number} pods @param {number} events
 * @returns the bodies of each view: `list` (a Buffer) and `watch` (a Buffer of lines) with `offsets[j]` where event j starts
 */
export function buildViewsFixture(pods, events) {
  const base = buildFixture(pods, events, 'real');
  const listed = JSON.parse(base.list.toString('utf8'));
  const items = listed.items.map((pod) => withManagedFields({ kind: 'Pod', apiVersion: 'v1', ...pod }));
  const listMeta = listed.metadata;
  const bodies = {
    full: { list: { kind: 'PodList', apiVersion: 'v1', metadata: listMeta, items: items.map(({ kind: _k, apiVersion: _a, ...pod }) => pod) } },
    metadata: { list: { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, items: items.map((pod) => partialObjectMetadata(pod, 'v1')) } },
    table: { list: toTable(Pods, items, { version: 'v1', include: 'Metadata', now: PRINTED_AT, listMeta }) },
  };
  const droppedBytes = { list: items.reduce((sum, pod) => sum + dropped(pod), 0), watch: 0 };
  const lines = { full: [], metadata: [], table: [] };
  for (let j = 0; j < events; j++) {
    const event = JSON.parse(base.watch.subarray(base.offsets[j], base.offsets[j + 1]).toString('utf8'));
    const object = event.type === 'BOOKMARK' ? event.object : withManagedFields(event.object);
    droppedBytes.watch += dropped(object);
    lines.full.push(JSON.stringify({ type: event.type, object }));
    lines.metadata.push(JSON.stringify({ type: event.type, object: partialObjectMetadata(object, 'v1') }));
    const table = toTable(Pods, [object], { version: 'v1', include: 'Metadata', now: PRINTED_AT, listMeta: { resourceVersion: object.metadata.resourceVersion }, noHeaders: j > 0 });
    lines.table.push(JSON.stringify({ type: event.type, object: table }));
  }
  const views = {};
  for (const view of ['full', 'metadata', 'table']) {
    const offsets = new Float64Array(events + 1);
    const encoded = lines[view].map((line) => Buffer.from(`${line}\n`, 'utf8'));
    for (let j = 0; j < events; j++) offsets[j + 1] = offsets[j] + encoded[j].length;
    views[view] = { list: Buffer.from(JSON.stringify(bodies[view].list), 'utf8'), watch: Buffer.concat(encoded), offsets };
    lines[view] = undefined;
  }
  return {
    pods,
    events,
    views,
    listResourceVersion: base.listResourceVersion,
    finalResourceVersion: base.finalResourceVersion,
    last: base.last,
    managedFieldsBytes: JSON.stringify(managedFieldsOf(items[0])).length,
    droppedBytes,
  };
}

/** What a server honouring drop=metadata.managedFields leaves out: `,"managedFields":[...]` once per object, in every view. */
function dropped(object) {
  return object.metadata?.managedFields ? JSON.stringify(object.metadata.managedFields).length + ',"managedFields":'.length : 0;
}
