// `ng serve` proxy: the Kubernetes API paths (and the fake apiserver's control
// endpoint) go to KUBE_API_URL, default the fake apiserver's CLI on :8001.
// Watches are long streamed responses: nothing here may buffer or compress
// them, and they must not time out.
const target = process.env.KUBE_API_URL || 'http://127.0.0.1:8001';

const route = { target, changeOrigin: true, secure: false, ws: false, timeout: 0, proxyTimeout: 0 };

export default {
  '/api': route,
  '/apis': route,
  '/kubernetes': route,
  '/__rxkube': route,
};
