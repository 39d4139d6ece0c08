// The kinds the fake API ships with. Field selectors are the ones the real
// apiserver supports for each kind (pkg/registry/*/strategy.go ToSelectableFields),
// defaults are the few server-side defaults clients visibly rely on.
import type { ResourceInfo } from './resources.js';

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

const core = (r: Omit<ResourceInfo, 'group' | 'version' | 'categories' | 'fields' | 'hasStatus'> & Partial<ResourceInfo>): ResourceInfo => ({
  group: '',
  version: 'v1',
  categories: [],
  fields: {},
  hasStatus: false,
  ...r,
});

const objectRefFields = (prefix: string) => ({
  [`${prefix}.kind`]: (o: any) => o?.[prefix]?.kind,
  [`${prefix}.namespace`]: (o: any) => o?.[prefix]?.namespace,
  [`${prefix}.name`]: (o: any) => o?.[prefix]?.name,
  [`${prefix}.uid`]: (o: any) => o?.[prefix]?.uid,
  [`${prefix}.apiVersion`]: (o: any) => o?.[prefix]?.apiVersion,
  [`${prefix}.resourceVersion`]: (o: any) => o?.[prefix]?.resourceVersion,
  [`${prefix}.fieldPath`]: (o: any) => o?.[prefix]?.fieldPath,
});

export const Pods = core({
  plural: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  hasStatus: true,
  fields: {
    'status.phase': (o) => o?.status?.phase,
    'spec.nodeName': (o) => o?.spec?.nodeName,
    'spec.restartPolicy': (o) => o?.spec?.restartPolicy,
    'spec.schedulerName': (o) => o?.spec?.schedulerName,
    'spec.serviceAccountName': (o) => o?.spec?.serviceAccountName,
    'status.podIP': (o) => o?.status?.podIP,
    'status.nominatedNodeName': (o) => o?.status?.nominatedNodeName,
  },
  defaults: (pod) => {
    pod.spec ??= {};
    pod.spec.restartPolicy ??= 'Always';
    pod.spec.schedulerName ??= 'default-scheduler';
    pod.status ??= {};
    pod.status.phase ??= 'Pending';
    pod.status.qosClass ??= 'BestEffort';
  },
});

export const Namespaces = core({
  plural: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  namespaced: false,
  shortNames: ['ns'],
  hasStatus: true,
  fields: { 'status.phase': (o) => o?.status?.phase },
  defaults: (ns) => {
    ns.metadata.labels = { 'kubernetes.io/metadata.name': ns.metadata.name, ...ns.metadata.labels };
    ns.spec ??= { finalizers: ['kubernetes'] };
    ns.status ??= {};
    ns.status.phase ??= 'Active';
  },
});

export const Nodes = core({
  plural: 'nodes',
  singular: 'node',
  kind: 'Node',
  namespaced: false,
  shortNames: ['no'],
  hasStatus: true,
  fields: { 'spec.unschedulable': (o) => str(o?.spec?.unschedulable ?? false) },
});

export const ConfigMaps = core({ plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] });

export const Secrets = core({
  plural: 'secrets',
  singular: 'secret',
  kind: 'Secret',
  namespaced: true,
  shortNames: [],
  fields: { type: (o) => o?.type },
  defaults: (s) => {
    s.type ??= 'Opaque';
  },
});

export const Services = core({
  plural: 'services',
  singular: 'service',
  kind: 'Service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  hasStatus: true,
  fields: { 'spec.clusterIP': (o) => o?.spec?.clusterIP, 'spec.type': (o) => o?.spec?.type },
  defaults: (svc, ctx) => {
    svc.spec ??= {};
    svc.spec.type ??= 'ClusterIP';
    if (svc.spec.clusterIP === undefined) {
      const n = ctx.next();
      svc.spec.clusterIP = `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
      svc.spec.clusterIPs = [svc.spec.clusterIP];
    }
    svc.spec.sessionAffinity ??= 'None';
    svc.status ??= { loadBalancer: {} };
  },
});

export const CoreEvents = core({
  plural: 'events',
  singular: 'event',
  kind: 'Event',
  namespaced: true,
  shortNames: ['ev'],
  fields: {
    ...objectRefFields('involvedObject'),
    reason: (o) => o?.reason,
    reportingComponent: (o) => o?.reportingComponent ?? '',
    source: (o) => o?.source?.component,
    type: (o) => o?.type,
  },
});

export const Deployments: ResourceInfo = {
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  hasStatus: true,
  fields: {},
  defaults: (d) => {
    d.spec ??= {};
    d.spec.replicas ??= 1;
    d.spec.revisionHistoryLimit ??= 10;
    d.spec.progressDeadlineSeconds ??= 600;
    d.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  },
};

export const Jobs: ResourceInfo = {
  group: 'batch',
  version: 'v1',
  plural: 'jobs',
  singular: 'job',
  kind: 'Job',
  namespaced: true,
  shortNames: [],
  categories: ['all'],
  hasStatus: true,
  fields: { 'status.successful': (o) => String(o?.status?.succeeded ?? 0) },
  defaults: (job) => {
    job.spec ??= {};
    job.spec.parallelism ??= 1;
    job.spec.completions ??= 1;
    job.spec.backoffLimit ??= 6;
    job.spec.completionMode ??= 'NonIndexed';
    job.spec.suspend ??= false;
    job.status ??= {};
  },
};

export const Events: ResourceInfo = {
  group: 'events.k8s.io',
  version: 'v1',
  plural: 'events',
  singular: 'event',
  kind: 'Event',
  namespaced: true,
  shortNames: ['ev'],
  categories: [],
  hasStatus: false,
  fields: {
    ...objectRefFields('regarding'),
    reason: (o) => o?.reason,
    reportingController: (o) => o?.reportingController,
    type: (o) => o?.type,
  },
};

export const MicroServices: ResourceInfo = {
  group: 'asm.alauda.io',
  version: 'v1beta3',
  plural: 'microservices',
  singular: 'microservice',
  kind: 'MicroService',
  namespaced: true,
  shortNames: ['ms'],
  categories: [],
  hasStatus: true,
  fields: {},
  printerColumns: [
    { name: 'Version', type: 'string', jsonPath: '.spec.version' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas' },
    { name: 'Deployment', type: 'string', jsonPath: '.spec.deployments[*].name', priority: 1 },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
};

/** Registration order matters: bare `events` resolves to core v1 first, as in kubectl. */
export const builtinResources: readonly ResourceInfo[] = [
  Pods,
  Namespaces,
  Nodes,
  ConfigMaps,
  Secrets,
  Services,
  CoreEvents,
  Deployments,
  Jobs,
  Events,
  MicroServices,
];
