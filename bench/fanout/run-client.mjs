/**
 * One fan-out run, in a fresh process: a client (default options) watching
 * the whole pod list (watchResourceList) and K single pods (watchResource),
 * while the fake apiserver changes M pods, each at most once, the last change
 * on the pod that sorts last.
 *
 * Protocol (IPC): argv[2] is `{ url, subscribed: [{ namespace, name }], finalSeq }`;
 *   -> { type: 'ready' }            the list and every single pod have arrived
 *   <- { type: 'go' }               the fake starts writing now
 *   -> { type: 'result', result }   the list shows the final change and the
 *                                   notifications stopped growing (see below)
 * Notifications are the single-pod callbacks after each subscriber's first
 * object. Completion: the list's last pod carries `finalSeq`, and either every
 * expected notification arrived or 10 s passed since; then one more turn of
 * the event loop's timers lets any extra notification land before counting.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const spec = JSON.parse(process.argv[2]);
const core = await import(new URL('../../packages/core/dist/index.js', import.meta.url).href);
const client = core.createKubeClient({ baseUrl: spec.url });
const subscriptions = [];

let listDone;
const listFinished = new Promise((resolve) => (listDone = resolve));
let listEmissions = 0;
await new Promise((resolve, reject) => {
  subscriptions.push(
    client.watchResourceList({ resource: core.Pods }).subscribe({
      next: (list) => {
        listEmissions += 1;
        resolve(undefined);
        if (list.at(-1)?.metadata?.annotations?.['bench.rxkube.io/seq'] === String(spec.finalSeq)) listDone();
      },
      error: reject,
    }),
  );
});

let notifications = 0;
let expected = Number.POSITIVE_INFINITY;
let allNotified;
const everyNotification = new Promise((resolve) => (allNotified = resolve));
await Promise.all(
  spec.subscribed.map(
    (ref) =>
      new Promise((resolve, reject) => {
        let first = true;
        subscriptions.push(
          client.watchResource({ resource: core.Pods, namespace: ref.namespace, name: ref.name }).subscribe({
            next: (pod) => {
              if (first) {
                if (pod) {
                  first = false;
                  resolve(undefined);
                }
                return;
              }
              notifications += 1;
              if (notifications >= expected) allNotified();
            },
            error: reject,
          }),
        );
      }),
  ),
);

process.send?.({ type: 'ready' });
const go = await new Promise((resolve) => process.once('message', resolve));
expected = go.expected;
const listEmissionsBefore = listEmissions;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await listFinished;
const listMs = performance.now() - started;
// An unref'd timer: once everything arrived, it does not hold the process for 10 s.
await Promise.race([everyNotification, sleep(10_000, undefined, { ref: false })]);
const allMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
await sleep(200);
const result = { subscribers: spec.subscribed.length, notifications, expected, listEmissions: listEmissions - listEmissionsBefore, cpuMs: (cpu.user + cpu.system) / 1000, listMs, allMs };
for (const subscription of subscriptions) subscription.unsubscribe();
client.dispose();
// Exit once the result is out: what the client might still hold must not keep the benchmark waiting.
process.send?.({ type: 'result', result }, () => process.exit(0));
