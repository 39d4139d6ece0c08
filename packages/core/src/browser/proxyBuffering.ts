/**
 * Which clusters sit behind a proxy that buffers watch responses. Like
 * streaming-list support, it is the cluster's fact (one gateway in front of
 * it), so the first watch to see it moves every streaming query of that
 * cluster to polling. Proxies get reconfigured and routes change, so after
 * `probeMs` the cluster tries streaming again; a buffered stream there sends
 * it back to polling at the end of that one watch, with no data lost (the
 * burst is applied), only late.
 */
import type { AddOnHost } from '../client/addOnHost.js';
import type { ClientAddOn } from '../client/environment.js';
import type { Timers } from '../clock.js';

export interface ProxyBufferingOptions {
  /** After a buffering proxy sent a cluster to polling, how long before it tries streaming again, in ms; default 300 000. */
  bufferingProbeMs?: number | undefined;
}

/**
 * The add-on: a cluster whose watch came through a buffering proxy polls
 * until its next probe. Without it, such a watch keeps streaming, each
 * change a whole watch late.
 */
export function proxyBuffering(options: ProxyBufferingOptions = {}): ClientAddOn {
  return {
    attach(host: AddOnHost) {
      const buffering = new ProxyBuffering(host.timers, options.bufferingProbeMs ?? 300_000, (cluster, buffered) => {
        const clusters = new Set(host.environment().bufferedClusters);
        if (buffered) clusters.add(cluster ?? '');
        else clusters.delete(cluster ?? '');
        host.setEnvironment({ bufferedClusters: clusters });
      });
      const stopListening = host.onBufferedStream((cluster) => buffering.detected(cluster));
      return () => {
        stopListening();
        buffering.dispose();
      };
    },
  };
}

export class ProxyBuffering {
  /** Buffered clusters ('' for the global one) and their probe timers. */
  private readonly probes = new Map<string, unknown>();

  constructor(
    private readonly timers: Timers,
    private readonly probeMs: number,
    /** Called when a cluster starts or stops being treated as buffered. */
    private readonly changed: (cluster: string | undefined, buffered: boolean) => void,
  ) {}

  isBuffered(cluster: string | undefined): boolean {
    return this.probes.has(cluster ?? '');
  }

  detected(cluster: string | undefined): void {
    const name = cluster ?? '';
    if (this.probes.has(name)) return;
    const probe = this.timers.setTimeout(() => {
      this.probes.delete(name);
      this.changed(cluster, false);
    }, this.probeMs);
    this.probes.set(name, probe);
    this.changed(cluster, true);
  }

  dispose(): void {
    for (const probe of this.probes.values()) this.timers.clearTimeout(probe);
    this.probes.clear();
  }
}
