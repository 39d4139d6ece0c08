export { KUBE_CLIENT, provideKubeClient, injectKubeClient } from './provideKubeClient.js';
export { injectWatchResource, injectWatchResourceList, type ParamsInput } from './injectWatchResource.js';
