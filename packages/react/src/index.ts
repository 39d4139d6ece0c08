export { KubeClientProvider, useKubeClient, type KubeClientProviderProps } from './context.js';
export { useWatchResource, useWatchResourceList, useWatchResourceTable } from './useWatchResource.js';
