/**
 * The browser benchmark's page (bundled by build.mjs, served by the replay
 * server on the same origin). `window.runBench({ candidate, finalResourceVersion })`
 * runs one candidate from the list to the stream's final event and resolves
 * with its time and the long tasks (PerformanceObserver 'longtask') that began
 * during the run. Candidates, as in the Node benchmark:
 *   parse   fetch + JSON.parse of the list and of each watch line, nothing kept
 *   floor   the parse plus a Map of the latest object per pod (the in-page store floor)
 *   rxkube  createKubeClient({ baseUrl }).watchResourceList({ resource: Pods }), default options
 * A run is done when the last pod by (namespace, name) shows the final
 * resourceVersion (see bench/watch-throughput/fixture.mjs).
 */
import { createKubeClient, Pods } from '@rxkube/core';

const longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

/** 20 ms of recognizable work, so that a CPU profile can be lined up with performance.now(). */
function benchClockMarker() {
  const start = performance.now();
  let x = 0;
  while (performance.now() - start < 20) x += Math.sqrt(x + 1);
  globalThis.benchMarkerSink = x;
  return start;
}

async function parseStream(finalResourceVersion, keep) {
  const pods = new Map();
  const list = JSON.parse(await (await fetch('/api/v1/pods?limit=500')).text());
  if (keep) for (const pod of list.items) pods.set(`${pod.metadata.namespace}/${pod.metadata.name}`, pod);
  const response = await fetch(`/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error('the watch ended before the final event');
    pending += decoder.decode(value, { stream: true });
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n', start)) {
      const event = JSON.parse(pending.slice(start, newline));
      start = newline + 1;
      const { metadata } = event.object;
      if (keep && event.type !== 'BOOKMARK') {
        const key = `${metadata.namespace}/${metadata.name}`;
        if (event.type === 'DELETED') pods.delete(key);
        else pods.set(key, event.object);
      }
      if (metadata.resourceVersion === finalResourceVersion) {
        await reader.cancel();
        return pods;
      }
    }
    pending = pending.slice(start);
  }
}

function rxkube(finalResourceVersion) {
  const client = createKubeClient({ baseUrl: location.origin });
  return new Promise((resolve, reject) => {
    const subscription = client.watchResourceList({ resource: Pods }).subscribe({
      next: (list) => {
        if (list.at(-1)?.metadata?.resourceVersion !== finalResourceVersion) return;
        subscription.unsubscribe();
        client.dispose();
        resolve(undefined);
      },
      error: reject,
    });
  });
}

window.runBench = async ({ candidate, finalResourceVersion }) => {
  const markerAt = benchClockMarker();
  const started = performance.now();
  if (candidate === 'rxkube') await rxkube(finalResourceVersion);
  else await parseStream(finalResourceVersion, candidate === 'floor');
  const ms = performance.now() - started;
  // Two frames, so that the observer has reported the last task.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return { ms, markerAt, started, longTasks: longTasks.filter((task) => task.start >= started) };
};
