/**
 * One fair-pacing run, in a fresh process: one client (default options) that
 * follows the whole pod list (`watchResourceList`; the subscriber reads the
 * last element, O(1)) and, as a query of its own, one ConfigMap
 * (`watchResource`, bench/probe). For every new probe the ConfigMap's
 * callback records now - written-at, for it and for every probe it replaced
 * unseen (each probe carries the write times of the ones before it).
 *
 * Protocol (IPC): argv[2] is `{ url, finalSeq }`;
 *   -> { type: 'ready', listed }     the list and the ConfigMap have arrived
 *   -> { type: 'result', result }    once the probe carrying `finalSeq` was seen,
 *                                    or at once when asked with { type: 'report' }
 *                                    (then `finished: false`); `emissions` counts the list's,
 *                                    `listEvents` the events its watch had applied by then
 */
const spec = JSON.parse(process.argv[2]);
const core = await import(new URL('../../packages/core/dist/index.js', import.meta.url).href);
const client = core.createKubeClient({ baseUrl: spec.url });
const delays = [];
let emissions = 0;
let listed;
let probeSeen = false;
let lastSeq;
const asked = new Promise((resolve) => process.on('message', (message) => message?.type === 'report' && resolve(false)));
const subscriptions = [];
const readyIfBoth = () => {
  if (listed !== undefined && probeSeen) process.send?.({ type: 'ready', listed });
};
const finished = await new Promise((resolve, reject) => {
  void asked.then(resolve);
  subscriptions.push(
    client.watchResourceList({ resource: core.Pods }).subscribe({
      next: (list) => {
        emissions += 1;
        // One O(1) read, as a virtualized table's first render would do.
        if (list.at(-1) && listed === undefined) {
          listed = list.length;
          readyIfBoth();
        }
      },
      error: reject,
    }),
    client.watchResource({ resource: core.ConfigMaps, namespace: 'bench', name: 'probe' }).subscribe({
      next: (configMap) => {
        const now = performance.timeOrigin + performance.now();
        const seq = configMap?.data?.seq;
        if (!probeSeen) {
          probeSeen = true;
          lastSeq = seq;
          readyIfBoth();
          return;
        }
        if (seq === undefined || seq === lastSeq) return;
        for (const [probe, writtenAt] of JSON.parse(configMap.data.written)) if (probe > Number(lastSeq)) delays.push(now - writtenAt);
        lastSeq = seq;
        if (seq === String(spec.finalSeq)) resolve(true);
      },
      error: reject,
    }),
  );
});
// How far the list's watch had got (events applied), and that the ConfigMap had a connection of its own.
const connections = client.connections();
const listEvents = connections.find((c) => c.resource === 'pods')?.events ?? 0;
const ownQuery = connections.some((c) => c.resource === 'configmaps' && c.coveredBy === undefined);
for (const subscription of subscriptions) subscription.unsubscribe();
client.dispose();
// Exit once the result is out: what the client might still hold must not keep the benchmark waiting.
process.send?.({ type: 'result', result: { delays, finished, emissions, listEvents, ownQuery } }, () => process.exit(0));
