/** Starts bench/support/fake-cluster.mjs (the fake apiserver with N pods) as a child process and drives its writes. */
import { forkServer } from './forkServer.mjs';

/** @returns {Promise<{ url: string, pods: { namespace: string, name: string }[], write(ticks: number[][], tickMs: number): Promise<{ changes: number, lateTicks: number }>, stop(): void }>} */
export async function startFake(pods) {
  const server = await forkServer(new URL('./fake-cluster.mjs', import.meta.url), [String(pods)], 'fake apiserver process');
  return { url: server.ready.url, pods: server.ready.pods, write: (ticks, tickMs) => server.request('write', { ticks, tickMs }, 'written'), stop: server.stop };
}
