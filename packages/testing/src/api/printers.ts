// Server-side printing: the columns `kubectl get` shows for each kind, as
// kube-apiserver's printers (pkg/printers/internalversion) define them.
// Kinds without a printer get Name + Age, as CRDs without printer columns do.
import { resourceKey, type ResourceInfo } from '../model/resources.js';
import { crdPrinter } from './crdPrinter.js';
import { humanDuration } from './humanDuration.js';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: Column[];
  cells(obj: any, now: number): unknown[];
}

const col = (name: string, type: Column['type'] = 'string', priority = 0, format = ''): Column => ({
  name,
  type,
  format,
  description: `${name} of the object`,
  priority,
});
const nameCol = col('Name', 'string', 0, 'name');
const age = (obj: any, now: number) => {
  const created = Date.parse(obj?.metadata?.creationTimestamp ?? '');
  return Number.isNaN(created) ? '<unknown>' : humanDuration(now - created);
};
const since = (time: string | undefined, now: number) => {
  const t = Date.parse(time ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
};

function podStatus(pod: any): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  for (const s of statuses) {
    const reason = s.state?.waiting?.reason ?? s.state?.terminated?.reason;
    if (reason && !(pod.status?.phase === 'Succeeded' && reason === 'Completed')) return reason;
  }
  if (pod.status?.phase === 'Succeeded' && statuses.length) return 'Completed';
  return pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

const pods: Printer = {
  columns: [nameCol, col('Ready'), col('Status'), col('Restarts'), col('Age'), col('IP', 'string', 1), col('Node', 'string', 1), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
  cells: (pod, now) => {
    const statuses: any[] = pod.status?.containerStatuses ?? [];
    const total = (pod.spec?.containers ?? []).length;
    const ready = statuses.filter((s) => s.ready).length;
    const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
    return [pod.metadata.name, `${ready}/${total}`, podStatus(pod), String(restarts), age(pod, now), pod.status?.podIP ?? '<none>', pod.spec?.nodeName ?? '<none>', pod.status?.nominatedNodeName ?? '<none>', '<none>'];
  },
};

function jobStatus(job: any): string {
  const conditions: any[] = job.status?.conditions ?? [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.spec?.suspend) return 'Suspended';
  return 'Running';
}

const jobs: Printer = {
  columns: [nameCol, col('Status'), col('Completions'), col('Duration'), col('Age'), col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
  cells: (job, now) => {
    const start = job.status?.startTime;
    const end = job.status?.completionTime;
    const duration = start ? humanDuration((end ? Date.parse(end) : now) - Date.parse(start)) : '';
    const containers: any[] = job.spec?.template?.spec?.containers ?? [];
    const selector = Object.entries(job.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',');
    return [job.metadata.name, jobStatus(job), `${job.status?.succeeded ?? 0}/${job.spec?.completions ?? 1}`, duration, age(job, now), containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), selector || '<none>'];
  },
};

/** core/v1 and events.k8s.io/v1 Events print alike (the apiserver converts both to one internal type). */
const events: Printer = {
  columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', 1), col('Source', 'string', 1), col('Message'), col('First Seen', 'string', 1), col('Count', 'integer', 1), col('Name', 'string', 1, 'name')],
  cells: (ev, now) => {
    const ref = ev.involvedObject ?? ev.regarding ?? {};
    const last = ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
    const first = ev.firstTimestamp ?? ev.deprecatedFirstTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
    const source = ev.source?.component ?? ev.reportingController ?? ev.reportingComponent ?? '';
    return [since(last, now), ev.type ?? '', ev.reason ?? '', `${String(ref.kind ?? '').toLowerCase()}/${ref.name ?? ''}`, ref.fieldPath ?? '', source, ev.message ?? ev.note ?? '', since(first, now), ev.count ?? ev.series?.count ?? 1, ev.metadata.name];
  },
};

const namespaces: Printer = {
  columns: [nameCol, col('Status'), col('Age')],
  cells: (ns, now) => [ns.metadata.name, ns.status?.phase ?? 'Active', age(ns, now)],
};

const nodes: Printer = {
  columns: [nameCol, col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 'string', 1), col('OS-Image', 'string', 1)],
  cells: (node, now) => {
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    const roles = Object.keys(node.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24));
    const ip = (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '<none>';
    return [node.metadata.name, ready?.status === 'True' ? 'Ready' : 'NotReady', roles.join(',') || '<none>', age(node, now), node.status?.nodeInfo?.kubeletVersion ?? '', ip, node.status?.nodeInfo?.osImage ?? '<unknown>'];
  },
};

const deployments: Printer = {
  columns: [nameCol, col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Age')],
  cells: (d, now) => [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, age(d, now)],
};

const services: Printer = {
  columns: [nameCol, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age')],
  cells: (s, now) => {
    const ports = (s.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
    return [s.metadata.name, s.spec?.type ?? 'ClusterIP', s.spec?.clusterIP ?? '<none>', '<none>', ports || '<none>', age(s, now)];
  },
};

const configMaps: Printer = {
  columns: [nameCol, col('Data', 'integer'), col('Age')],
  cells: (cm, now) => [cm.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(cm, now)],
};

const secrets: Printer = {
  columns: [nameCol, col('Type'), col('Data', 'integer'), col('Age')],
  cells: (s, now) => [s.metadata.name, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, age(s, now)],
};

const generic: Printer = {
  columns: [nameCol, { ...col('Age'), description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' }],
  cells: (obj, now) => [obj.metadata.name, age(obj, now)],
};

const byResource: Record<string, Printer> = {
  pods: pods,
  'jobs.batch': jobs,
  events: events,
  'events.events.k8s.io': events,
  namespaces: namespaces,
  nodes: nodes,
  'deployments.apps': deployments,
  services: services,
  configmaps: configMaps,
  secrets: secrets,
};

/** The printer for a resource key (`pods`, `jobs.batch`...). */
export const printerFor = (key: string): Printer => byResource[key] ?? generic;

/** A resource's printer: a CRD's additionalPrinterColumns, else the built-in one for its key. */
export const printerOf = (resource: ResourceInfo): Printer =>
  resource.printerColumns && resource.printerColumns.length > 0 ? crdPrinter(resource.printerColumns) : printerFor(resourceKey(resource));
