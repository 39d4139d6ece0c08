export { KubeClientProvider, useKubeClient, type KubeClientProviderProps } from './context.js';
export { useWatchResource, useWatchResourceList } from './useWatchResource.js';
