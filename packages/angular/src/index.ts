export { KUBE_CLIENT, provideKubeClient, injectKubeClient } from './provideKubeClient.js';
export { injectWatchResource, injectWatchResourceList, injectWatchResourceTable, type ParamsInput } from './injectWatchResource.js';
