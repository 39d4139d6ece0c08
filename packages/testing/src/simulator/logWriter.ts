// What the simulator's running containers print. To stay cheap at any scale,
// a container writes only once someone opened its log (a read or a follow):
// then it gets a backlog spread over its run so far, and every tick after
// adds the lines of that tick. Lines come in the shapes consoles must handle:
// plain request logs, bursts of dozens of lines in one second, multi-line
// stack traces, and ANSI colours. Its own seeded random source, so that
// opening a log never changes the simulator's sequence of changes.
import { Pods } from '../model/builtinResources.js';
import type { FakeCluster } from '../model/cluster.js';
import { createRandom, type Random } from '../model/random.js';
import { logsOf, type LogAddress, type LogStore } from '../logs/logStore.js';

const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';
const PATHS = ['/api/items', '/api/users/42', '/healthz', '/api/orders?page=2', '/metrics'];

/** Longest backlog written when a log is first opened. */
const MAX_BACKLOG_LINES = 200;

export class LogWriter {
  private readonly random: Random;
  private readonly store: LogStore;
  /** When each open file was last written, to spread a tick's lines over the time since. */
  private readonly lastWrite = new Map<string, number>();
  private sequence = 0;

  constructor(
    private readonly cluster: FakeCluster,
    private readonly clock: () => number,
    seed = 1,
  ) {
    this.random = createRandom(seed ^ 0x5eed106);
    this.store = logsOf(cluster);
    this.store.backlog = (address) => this.backlog(address);
  }

  /** One simulator tick: every open log of a running container gets this tick's lines. */
  tick(now: number): void {
    // forgetPod deletes entries of the map being iterated: a Map iterator skips them.
    for (const address of this.store.opened()) {
      const pod = this.cluster.find<any>(Pods, { namespace: address.namespace, name: address.pod });
      if (!pod || pod.metadata.uid !== address.uid) {
        this.store.forgetPod(address.uid);
        continue;
      }
      if (!runs(pod, address)) continue;
      const id = fileId(address);
      const since = this.lastWrite.get(id) ?? now - 1000;
      this.writeSpread(address, this.tickLines(), since, now);
      this.lastWrite.set(id, now);
    }
  }

  private backlog(address: LogAddress): void {
    const pod = this.cluster.find<any>(Pods, { namespace: address.namespace, name: address.pod });
    const status = (pod?.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === address.container);
    const state = status?.state?.running ?? status?.state?.terminated;
    if (!state || (status.restartCount ?? 0) !== address.run) return;
    const now = this.clock();
    const startedAt = Date.parse(state.startedAt ?? '') || now - 60_000;
    const endedAt = Date.parse(state.finishedAt ?? '') || now;
    const lines: string[] = [`${GREEN}starting${RESET} ${address.container} (run ${address.run})`];
    const count = Math.min(MAX_BACKLOG_LINES, Math.max(5, Math.floor((endedAt - startedAt) / 1000)));
    while (lines.length < count) lines.push(...this.tickLines());
    this.writeSpread(address, lines, startedAt, endedAt);
    this.lastWrite.set(fileId(address), endedAt);
  }

  /** The lines of one tick: usually one to three, sometimes a burst, a stack trace or a warning. */
  private tickLines(): string[] {
    const roll = this.random.next();
    if (roll < 0.05) return Array.from({ length: this.random.int(20, 60) }, () => this.requestLine());
    if (roll < 0.1) return [`${RED}ERROR${RESET} request failed\nError: connection reset by peer\n    at Socket.onEnd (net.js:123:9)\n    at handler (server.js:42:7)`];
    if (roll < 0.2) return [`${YELLOW}WARN${RESET}  slow query took ${this.random.int(500, 3000)}ms`];
    return Array.from({ length: this.random.int(1, 3) }, () => this.requestLine());
  }

  private requestLine(): string {
    this.sequence += 1;
    const status = this.random.chance(0.9) ? 200 : 404;
    return `${GREEN}INFO${RESET}  GET ${this.random.pick(PATHS)} ${status} ${this.random.int(1, 90)}ms seq=${this.sequence}`;
  }

  /** Writes entries (a multi-line one stays one write) at times spread over (from, to]. */
  private writeSpread(address: LogAddress, lines: readonly string[], from: number, to: number): void {
    const step = Math.max(0, to - from) / lines.length;
    lines.forEach((text, i) => this.store.write(address, text, Math.round(from + step * (i + 1))));
  }
}

function runs(pod: any, address: LogAddress): boolean {
  const status = (pod.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === address.container);
  return status?.state?.running !== undefined && (status.restartCount ?? 0) === address.run;
}

const fileId = (a: LogAddress) => `${a.uid}/${a.container}/${a.run}`;
