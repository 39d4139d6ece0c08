import type { ConfigMap, Event as CoreEvent, Namespace, Node, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Event } from 'kubernetes-types/events/v1.js';
import { defineResource } from './resourceType.js';

export const Pods = /* @__PURE__ */ defineResource<Pod>({ group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true });
export const Namespaces = /* @__PURE__ */ defineResource<Namespace>({ group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false });
export const Nodes = /* @__PURE__ */ defineResource<Node>({ group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false });
export const ConfigMaps = /* @__PURE__ */ defineResource<ConfigMap>({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true });
export const Secrets = /* @__PURE__ */ defineResource<Secret>({ group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true });
export const Services = /* @__PURE__ */ defineResource<Service>({ group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true });
/** The core v1 Event (`involvedObject`), as `kubectl get events` shows. */
export const CoreEvents = /* @__PURE__ */ defineResource<CoreEvent>({ group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true });
export const Deployments = /* @__PURE__ */ defineResource<Deployment>({ group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true });
export const Jobs = /* @__PURE__ */ defineResource<Job>({ group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true });
/** The events.k8s.io/v1 Event (`regarding`, `note`, `reportingController`). */
export const Events = /* @__PURE__ */ defineResource<Event>({ group: 'events.k8s.io', version: 'v1', plural: 'events', kind: 'Event', namespaced: true });
