export { KubeApiError, isKubeApiError, type Status, type ClientReason } from './KubeApiError.js';
export { KubeHttp, type HttpOptions, type RequestOptions } from './kubeHttp.js';
export { parseRetryAfter } from './responseError.js';
