export { KubeHttp, type HttpOptions, type RequestOptions } from './kubeHttp.js';
export { parseRetryAfter } from './responseError.js';
