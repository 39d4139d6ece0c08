// The public surface of @rxkube/core: what README.md's API section documents,
// one for one, and the types those signatures mention. api/core.api.md is its
// committed report (`npm test` fails when the two differ). The engine (watcher,
// cache store, HTTP layer, stream readers, URL builders) is in ./internal.ts,
// published as the unstable `@rxkube/core/internal`.

// The client, its options and the types its methods take and return.
export { createKubeClient, type KubeClient, type ClientStats } from './client/createKubeClient.js';
export type { KubeClientOptions } from './client/options.js';
export type { ClientAddOn } from './client/environment.js';
export type { WatchResourceParams, WatchResourceListParams, DowngradePolling } from './client/querySpec.js';
export type { ObjectParams, WriteParams, PatchParams, PatchType, DeleteParams, ListResult } from './client/verbs.js';
export type { StreamJsonOptions } from './client/streamJson.js';
export type { MutateTarget, MutateOptions, Recipe } from './client/mutate.js';
export type { QueryPatch } from './cache/queryPatch.js';
export { DEFAULT_MAX_LOG_LINES, type WatchLogsParams, type LogUpdate, type LogStatus } from './client/watchLogs.js';
export type { LogLine } from './logs/logLine.js';
export type { LogWindow } from './logs/logWindow.js';
export type { LogPhase } from './logs/followTransition.js';
export type { ClusterPrefix } from './urls/resourcePath.js';
export type { ResourceView } from './views/view.js';
export type { TableView, TableColumn, TableRow } from './views/table.js';
export type { PartialObjectMetadata, ObjectMeta } from './views/projection.js';
export type { SelectorInput, LabelSelectorObject } from './urls/selectors.js';
export type { QueryValue } from './urls/query.js';
export { microtask, animationFrame, type Schedule } from './cache/schedule.js';
export type { BackoffPolicy } from './watch/backoff.js';
export type { Timers } from './clock.js';

// Status beside the data, for bindings and connection panels.
export type { QueryObserver, QuerySnapshot } from './client/queryObserver.js';
export type { QueryStatus, Phase, Transport, StatusNotice, StatusNoticeReason, Freshness, WriteStatus } from './status/queryStatus.js';
export type { ConnectionInfo } from './client/connectionInfo.js';
export { paramsKey } from './client/paramsKey.js';
export { idleObserver } from './client/queryObserver.js';

// Resource types.
export { defineResource, type ResourceType, type KubeObject, type ObjectOf } from './resources/resourceType.js';
export { Pods, Namespaces, Nodes, ConfigMaps, Secrets, Services, CoreEvents, Deployments, Jobs, Events } from './resources/builtins.js';

// Errors.
export { KubeApiError, isKubeApiError, type Status, type ClientReason, type FieldConflict } from './errors/KubeApiError.js';

// Polling any request.
export { createPollObservable, type PollOptions } from './polling/createPollObservable.js';
