/**
 * The clients under test. Each one lists the pods, watches from the list's
 * resourceVersion, and resolves `done` once it has applied the stream's final
 * event: a change to the last pod by (namespace, name), which nothing deletes
 * and nothing added sorts after, to the final resourceVersion. Every check
 * made per event or per emission is O(1), so completion adds nothing that
 * grows with the cache.
 *
 * A candidate is `load()` (imports, outside the timing) then
 * `start(target, loaded)` -> a Run:
 *   done         resolves after the final event
 *   retained     what holds the client's objects, for the heap measurement
 *   progress()   events applied so far (O(1)), for a run cut at its deadline
 *   listedAt     performance.now() once the list was in, or undefined
 *   emissions()  how many times the client called back
 *   close()
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** @typedef {{ url: string, finalResourceVersion: string, listResourceVersion: string, last: { namespace: string, name: string } }} Target */

const coreEntry = new URL('../../packages/core/dist/index.js', import.meta.url);
/** `--before DIR` (main.mjs): another checkout's built core, e.g. a `git worktree` of main, run as its own candidates. */
const beforeEntry = () => {
  if (!process.env.RXKUBE_BENCH_BEFORE) throw new Error('the -before candidates need --before DIR (a checkout with packages/core/dist built)');
  return pathToFileURL(`${process.env.RXKUBE_BENCH_BEFORE}/packages/core/dist/index.js`);
};
const clientNodeEntry = () => pathToFileURL(createRequire(new URL('../../packages/testing/package.json', import.meta.url)).resolve('@kubernetes/client-node'));

export const candidates = {
  /** The 1.00x line: fetch, stream-decode, split lines, JSON.parse; nothing kept. */
  parse: {
    label: 'parse (fetch + JSON.parse, nothing kept)',
    load: async () => undefined,
    start: (target) => startParser(target, false),
  },
  /** The store floor: the parse plus a Map of the latest object per pod, deleting on DELETED. */
  floor: {
    label: 'store floor (parse + Map)',
    load: async () => undefined,
    start: (target) => startParser(target, true),
  },
  /** @kubernetes/client-node 2's informer (ListWatch over undici). */
  informer: {
    label: '@kubernetes/client-node informer',
    load: () => import(clientNodeEntry().href),
    start: (target, k8s) => startInformer(target, k8s),
  },
  /** `createKubeClient({ baseUrl }).watchResourceList({ resource: Pods })`, default options; the subscriber looks at the last element. */
  rxkube: {
    label: 'rxkube watchResourceList',
    load: () => import(coreEntry.href),
    start: (target, core) => startRxkube(target, core),
  },
  /** The same in a development build, where every object handed out is deep-frozen (`freezeObjects: true`). */
  'rxkube-dev': {
    label: 'rxkube watchResourceList, development build (objects frozen)',
    load: () => import(coreEntry.href),
    start: (target, core) => startRxkube(target, core, { freezeObjects: true }),
  },
  'rxkube-before': {
    label: 'rxkube watchResourceList, before (--before)',
    load: () => import(beforeEntry().href),
    start: (target, core) => startRxkube(target, core),
  },
  'rxkube-dev-before': {
    label: 'rxkube watchResourceList, development build, before (--before)',
    load: () => import(beforeEntry().href),
    start: (target, core) => startRxkube(target, core, { freezeObjects: true }),
  },
};

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** @param {Target} target @param {boolean} keep whether to keep the latest object per pod (the floor) or drop it (the parse) */
async function startParser(target, keep) {
  const done = deferred();
  const pods = new Map();
  const controller = new AbortController();
  let events = 0;
  const run = { done: done.promise, retained: pods, progress: () => events, listedAt: undefined, emissions: () => events, close: () => controller.abort() };
  const follow = async () => {
    const listResponse = await fetch(`${target.url}/api/v1/pods?limit=500`, { signal: controller.signal });
    const list = JSON.parse(await listResponse.text());
    if (keep) for (const pod of list.items) pods.set(`${pod.metadata.namespace}/${pod.metadata.name}`, pod);
    run.listedAt = performance.now();
    const query = `watch=true&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}`;
    const response = await fetch(`${target.url}/api/v1/pods?${query}`, { signal: controller.signal });
    const reader = response.body.getReader();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let pending = '';
    for (;;) {
      const { done: ended, value } = await reader.read();
      if (ended) throw new Error('the watch ended before the final event');
      pending += decoder.decode(value, { stream: true });
      let start = 0;
      for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n', start)) {
        const event = JSON.parse(pending.slice(start, newline));
        start = newline + 1;
        const { metadata } = event.object;
        events += 1;
        if (keep && event.type !== 'BOOKMARK') {
          const key = `${metadata.namespace}/${metadata.name}`;
          if (event.type === 'DELETED') pods.delete(key);
          else pods.set(key, event.object);
        }
        if (metadata.resourceVersion === target.finalResourceVersion) {
          await reader.cancel();
          return;
        }
      }
      pending = pending.slice(start);
    }
  };
  follow().then(done.resolve, done.reject);
  return run;
}

/** @param {Target} target */
function startRxkube(target, core, options = {}) {
  const done = deferred();
  const client = core.createKubeClient({ baseUrl: target.url, ...options });
  let emissions = 0;
  const run = {
    done: done.promise,
    retained: client,
    // How far its only query's resourceVersion moved past the list's (one registry entry).
    progress: () => Math.max(0, Number(client.connections()[0]?.resourceVersion ?? target.listResourceVersion) - Number(target.listResourceVersion)),
    listedAt: undefined,
    emissions: () => emissions,
    close: () => {
      subscription.unsubscribe();
      client.dispose();
    },
  };
  const subscription = client.watchResourceList({ resource: core.Pods }).subscribe({
    next: (list) => {
      emissions += 1;
      run.listedAt ??= performance.now();
      if (list.at(-1)?.metadata?.resourceVersion === target.finalResourceVersion) done.resolve();
    },
    error: done.reject,
  });
  return run;
}

/** @param {Target} target */
async function startInformer(target, k8s) {
  const done = deferred();
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: target.url, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
  let callbacks = 0;
  for (const event of ['add', 'delete']) informer.on(event, () => (callbacks += 1));
  informer.on('update', (pod) => {
    callbacks += 1;
    if (pod.metadata?.resourceVersion === target.finalResourceVersion) done.resolve();
  });
  informer.on('error', done.reject);
  const run = {
    done: done.promise,
    retained: informer,
    progress: () => Math.max(0, Number(informer.latestResourceVersion() || target.listResourceVersion) - Number(target.listResourceVersion)),
    listedAt: undefined,
    emissions: () => callbacks,
    close: () => informer.stop(),
  };
  // start() resolves once the list is stored and the watch request is under way.
  await informer.start();
  run.listedAt = performance.now();
  return run;
}
