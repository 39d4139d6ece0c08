// @rxkube/core/internal: the engine under the public API, for rxkube's own
// tests, benchmarks and tools. UNSTABLE: any release may rename, change or
// remove anything here; applications use '@rxkube/core' only.
// Whole modules are re-exported, so that the engine's files can change
// without this list falling behind.
export * from './errors/KubeApiError.js';
export * from './resources/resourceType.js';
export * from './resources/objectRef.js';
export * from './urls/index.js';
export * from './http/index.js';
export * from './streams/index.js';
export * from './watch/events.js';
export * from './watch/transition.js';
export * from './watch/backoff.js';
export * from './watch/runWatch.js';
export * from './clock.js';
export * from './status/queryStatus.js';
export * from './status/nextStatus.js';
export * from './cache/cacheOp.js';
export * from './cache/state.js';
export * from './cache/resourceVersion.js';
export * from './cache/schedule.js';
export * from './cache/notifier.js';
export * from './cache/store.js';
export * from './client/watchSource.js';
export * from './client/queryRegistry.js';
export * from './client/connectionInfo.js';
export * from './client/querySpec.js';
