// The whole fake: a set of named clusters sharing one resource registry,
// clock and random source. `'global'` is the cluster served without a
// prefix; every other cluster lives under `/kubernetes/{name}`.
import { builtinResources } from './builtinResources.js';
import { FakeCluster } from './cluster.js';
import { createRandom, type Random } from './random.js';
import { ResourceRegistry, type ResourceInfo } from './resources.js';
import { systemClock, type Clock } from './time.js';

export const GLOBAL_CLUSTER = 'global';

export interface FakeModelOptions {
  /** Cluster names; 'global' (the unprefixed one) is always present. */
  clusters?: readonly string[];
  clock?: Clock;
  /** Seeds uids and generated names, so runs are reproducible. */
  seed?: number;
  /** Changes each cluster keeps for watches (default 10,000). */
  historyLimit?: number;
  /** Extra kinds (CRDs) besides the built-in ones. */
  resources?: readonly ResourceInfo[];
  /** Namespaces every new cluster starts with (default: default, kube-system, kube-public). */
  namespaces?: readonly string[];
}

export class FakeModel {
  readonly resources: ResourceRegistry;
  readonly clock: Clock;
  readonly random: Random;
  private readonly byName = new Map<string, FakeCluster>();
  private readonly historyLimit: number;
  private readonly namespaces: readonly string[];

  constructor(options: FakeModelOptions = {}) {
    this.resources = new ResourceRegistry([...builtinResources, ...(options.resources ?? [])]);
    this.clock = options.clock ?? systemClock;
    this.random = createRandom(options.seed ?? 0x5eed);
    this.historyLimit = options.historyLimit ?? 10_000;
    this.namespaces = options.namespaces ?? ['default', 'kube-system', 'kube-public'];
    for (const name of [GLOBAL_CLUSTER, ...(options.clusters ?? [])]) if (!this.byName.has(name)) this.addCluster(name);
  }

  /** The cluster called `name` ('global' by default); throws for an unknown one. */
  cluster(name: string = GLOBAL_CLUSTER): FakeCluster {
    const found = this.byName.get(name);
    if (!found) throw new Error(`unknown cluster ${name}`);
    return found;
  }

  findCluster(name: string): FakeCluster | undefined {
    return this.byName.get(name);
  }

  clusterNames(): string[] {
    return [...this.byName.keys()];
  }

  addCluster(name: string): FakeCluster {
    const existing = this.byName.get(name);
    if (existing) return existing;
    const cluster = new FakeCluster({ name, resources: this.resources, clock: this.clock, random: this.random, historyLimit: this.historyLimit });
    this.byName.set(name, cluster);
    this.bootstrap(cluster);
    return cluster;
  }

  /** Empties every cluster (closing their watches) and recreates the starting namespaces. */
  reset(): void {
    for (const cluster of this.byName.values()) {
      cluster.reset();
      this.bootstrap(cluster);
    }
  }

  private bootstrap(cluster: FakeCluster): void {
    for (const ns of this.namespaces) cluster.create('namespaces', { metadata: { name: ns } });
  }
}
