/**
 * The log benchmark's page (bundled by main.mjs with @rxkube/core from
 * packages/core/dist, served by the fake apiserver on its own origin).
 * `window.startFollow({ candidate, pod, tailLines })` follows a pod's log:
 *   raw           fetch of the follow stream, newlines counted, nothing kept (the floor)
 *   rxkube        client.watchLogs with the default bound (10,000 lines kept)
 *   rxkube-none   client.watchLogs({ maxLines: 0 }): the subscriber takes the lines, the client keeps none
 * `window.sample()` collects garbage (--expose-gc) and returns the lines
 * received, the lines kept and the tab's JS heap (performance.memory).
 */
import { createKubeClient } from '@rxkube/core';

let received = 0;
let kept = 0;
let phase = 'loading';
let stop = () => undefined;

window.startFollow = async ({ candidate, pod, tailLines = 0 }) => {
  received = 0;
  kept = 0;
  phase = 'loading';
  if (candidate === 'raw') {
    const controller = new AbortController();
    stop = () => controller.abort();
    const response = await fetch(`/api/v1/namespaces/bench/pods/${pod}/log?follow=true&timestamps=true&tailLines=${tailLines}`, { signal: controller.signal });
    phase = 'streaming';
    const reader = response.body.getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          for (let i = 0; i < value.length; i++) if (value[i] === 10) received += 1;
        }
      } catch {
        // aborted by stop()
      }
    })();
    return;
  }
  const client = createKubeClient({ baseUrl: '' });
  const subscription = client
    .watchLogs({ namespace: 'bench', name: pod, tailLines, ...(candidate === 'rxkube-none' ? { maxLines: 0 } : {}) })
    .subscribe((update) => {
      received += update.added.length;
      kept = update.lines.length;
      phase = update.status.phase;
    });
  stop = () => {
    subscription.unsubscribe();
    client.dispose();
  };
};

window.sample = () => {
  globalThis.gc?.();
  return { received, kept, phase, heap: performance.memory.usedJSHeapSize };
};

window.stopFollow = () => stop();
