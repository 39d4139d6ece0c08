/** Starts bench/support/fake-cluster.mjs (the fake apiserver with N pods) as a child process and drives its writes. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** @returns {Promise<{ url: string, pods: { namespace: string, name: string }[], write(ticks: number[][], tickMs: number): Promise<{ changes: number, lateTicks: number }>, stop(): void }>} */
export function startFake(pods) {
  const child = fork(fileURLToPath(new URL('./fake-cluster.mjs', import.meta.url)), [String(pods)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let writes = 0;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the fake apiserver process exited (${code}) before it was ready`)));
    child.once('message', (ready) => {
      child.removeAllListeners('exit');
      resolve({
        url: ready.url,
        pods: ready.pods,
        write: (ticks, tickMs) => {
          const id = ++writes;
          const done = new Promise((res) => child.on('message', (m) => m?.type === 'written' && m.id === id && res(m)));
          child.send({ type: 'write', id, ticks, tickMs });
          return done;
        },
        stop: () => child.disconnect(),
      });
    });
  });
}
