// What each part of the simulator works with during one tick.
import { CoreEvents, Events } from '../model/builtinResources.js';
import type { FakeCluster } from '../model/cluster.js';
import type { Random } from '../model/random.js';
import { eventPair, type EventInput } from './objects.js';

export interface SimContext {
  cluster: FakeCluster;
  random: Random;
  /** Epoch ms of this tick (the model's clock). */
  now: number;
  tick: number;
  event(input: Omit<EventInput, 'at' | 'suffix' | 'namespace'>): void;
}

/**
 * Records events in both API versions and keeps at most `max` of them per
 * cluster (oldest first out), as the apiserver's event TTL would.
 */
export class EventRecorder {
  private readonly names: Array<{ namespace: string; name: string }> = [];

  constructor(
    private readonly cluster: FakeCluster,
    private readonly max: number,
  ) {}

  record(input: EventInput): void {
    const { modern, legacy } = eventPair(input);
    this.cluster.create(Events, modern);
    this.cluster.create(CoreEvents, legacy);
    this.names.push({ namespace: input.namespace, name: modern.metadata.name });
    while (this.names.length > this.max) {
      const old = this.names.shift()!;
      for (const r of [Events, CoreEvents]) if (this.cluster.find(r, old)) this.cluster.delete(r, old);
    }
  }
}
