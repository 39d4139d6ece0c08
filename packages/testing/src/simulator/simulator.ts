// A workload simulator, deterministic from its seed: the same seed, model
// seed and clock give the same sequence of changes. Each `tick()` moves pods
// through Pending -> Running -> Succeeded/Failed, runs the Job controller,
// then performs about `rate` random actions (new Jobs, pods deleted and
// recreated, container restarts, relabels, MicroService updates), recording
// events.k8s.io/v1 Events (and their core/v1 view) about them. Time is the
// model's clock; tests call `tick()`, the server drives it on an interval.
// A tick costs what it changes, not the cluster's size: the simulator keeps
// its own state (pods it moves, Jobs it runs, Jobs created through the API
// reach it through a watch) and reads the cluster only through keys and
// indexes (a Job's pods by `job-name`, a random replica by its `app` label).
import { Jobs, MicroServices, Pods } from '../model/builtinResources.js';
import type { FakeCluster } from '../model/cluster.js';
import type { FakeModel } from '../model/model.js';
import { createRandom, type Random } from '../model/random.js';
import { EventRecorder, type SimContext } from './context.js';
import { createJob, deleteJob, syncJob, type SimJob } from './jobController.js';
import { LogWriter } from './logWriter.js';
import { freshPodName, pendingPod, runningStatus, terminatedStatus } from './objects.js';
import { NODES, seedMicroServices, seedWorkloads, WORKLOADS } from './seedState.js';

export interface SimulatorOptions {
  seed?: number;
  /** Random actions per tick, on average (default 1). */
  rate?: number;
  /** Cluster for pods, jobs and events (default 'global'). */
  workloadCluster?: string;
  /** Cluster holding the MicroService CRD (default 'calico3' when the model has it, else the workload cluster). */
  microserviceCluster?: string;
  /** Size of the seeded state relative to the default ~250 pods (default 1). */
  scale?: number;
  /** Ticks a finished Job is kept before it is deleted with its pods (default 120: two minutes of the CLI). */
  jobTtlTicks?: number;
  /** Events kept per cluster (default 300). */
  maxEvents?: number;
}

/** The apps whose replicas die, restart and get relabelled. */
const CHURNED_APPS = ['web', 'api', 'worker', 'cache'];

interface TrackedPod {
  namespace: string;
  name: string;
  /** Ticks spent in the current phase. */
  age: number;
  /** Ticks it runs before it terminates; undefined = a long-running pod. */
  runFor?: number;
}

export class WorkloadSimulator {
  readonly random: Random;
  private readonly rate: number;
  private readonly workloads: FakeCluster;
  private readonly microservices: FakeCluster;
  private readonly events: Map<FakeCluster, EventRecorder> = new Map();
  private readonly jobs: SimJob[] = [];
  /** Uids of `jobs`. */
  private readonly jobUids = new Set<string>();
  /** Jobs created since the last tick (by anyone), seen through a watch. */
  private readonly newJobs: Array<{ namespace: string; name: string; uid: string }> = [];
  /** Whether the Jobs that existed before the watch began were adopted (one list, on the first tick). */
  private adoptedExisting = false;
  private readonly pods = new Map<string, TrackedPod>();
  private ticks = 0;
  private readonly logs: LogWriter;

  constructor(
    private readonly model: FakeModel,
    private readonly options: SimulatorOptions = {},
  ) {
    this.random = createRandom(options.seed ?? 1);
    this.rate = options.rate ?? 1;
    this.workloads = model.cluster(options.workloadCluster ?? 'global');
    const ms = options.microserviceCluster ?? (model.findCluster('calico3') ? 'calico3' : this.workloads.name);
    this.microservices = model.cluster(ms);
    this.logs = new LogWriter(this.workloads, () => model.clock(), options.seed ?? 1);
    this.workloads.watch({ resource: Jobs }, (signal) => {
      if (signal.type !== 'change' || signal.change.type !== 'ADDED') return;
      const { namespace, name, uid } = signal.change.object.metadata;
      this.newJobs.push({ namespace: namespace ?? 'default', name, uid: uid ?? '' });
    });
  }

  get tickCount(): number {
    return this.ticks;
  }

  /** Seeds nodes, workloads (a few hundred pods) and the MicroService CRD. */
  seedState(): void {
    const now = this.model.clock();
    seedWorkloads(this.workloads, this.random, now, this.options.scale ?? 1);
    seedMicroServices(this.microservices, now);
    if (this.microservices !== this.workloads) seedWorkloads(this.microservices, this.random, now, (this.options.scale ?? 1) * 0.1);
  }

  tick(count = 1): void {
    for (let i = 0; i < count; i++) this.step();
  }

  private context(cluster: FakeCluster): SimContext {
    const now = this.model.clock();
    let recorder = this.events.get(cluster);
    if (!recorder) this.events.set(cluster, (recorder = new EventRecorder(cluster, this.options.maxEvents ?? 300)));
    const rec = recorder;
    return {
      cluster,
      random: this.random,
      now,
      tick: this.ticks,
      event: (e) => rec.record({ ...e, namespace: e.regarding.namespace, at: now, suffix: this.random.suffix(10) }),
    };
  }

  private step(): void {
    this.ticks++;
    const ctx = this.context(this.workloads);
    this.advancePods(ctx);
    this.logs.tick(ctx.now);
    this.adoptJobs(ctx);
    for (const job of this.jobs) {
      for (const name of syncJob(ctx, job)) this.pods.set(`${job.namespace}/${name}`, { namespace: job.namespace, name, age: 0, runFor: this.random.int(2, 5) });
    }
    const ttl = this.options.jobTtlTicks ?? 120;
    for (const job of this.jobs.filter((j) => j.finishedAt !== undefined && this.ticks - j.finishedAt >= ttl)) {
      deleteJob(ctx, job);
      this.jobs.splice(this.jobs.indexOf(job), 1);
      this.jobUids.delete(job.uid);
    }
    const actions = Math.floor(this.rate) + (this.random.chance(this.rate % 1) ? 1 : 0);
    for (let i = 0; i < actions; i++) this.randomAction(ctx);
  }

  /** Jobs created through the API (a console's form, kubectl) run like the simulator's own. */
  private adoptJobs(ctx: SimContext): void {
    const candidates = this.adoptedExisting ? this.newJobs.splice(0) : ctx.cluster.list<any>(Jobs).map((job) => job.metadata);
    if (!this.adoptedExisting) this.newJobs.length = 0;
    this.adoptedExisting = true;
    for (const ref of candidates) {
      if (this.jobUids.has(ref.uid)) continue;
      const job = ctx.cluster.find<any>(Jobs, ref);
      if (!job || job.metadata.uid !== ref.uid) continue;
      const finished = (job.status?.conditions ?? []).some((c: { type: string; status: string }) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      if (!finished) this.track({ namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid });
    }
  }

  private track(job: SimJob): void {
    this.jobs.push(job);
    this.jobUids.add(job.uid);
  }

  private advancePods(ctx: SimContext): void {
    for (const [key, tracked] of this.pods) {
      const pod = ctx.cluster.find<any>(Pods, tracked);
      if (!pod) {
        this.pods.delete(key);
        continue;
      }
      tracked.age++;
      const regarding = { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
      if (pod.status?.phase === 'Pending') {
        const node = pod.spec.nodeName ?? this.random.pick(NODES);
        ctx.cluster.update(Pods, { ...pod, spec: { ...pod.spec, nodeName: node } });
        ctx.cluster.updateStatus(Pods, { ...ctx.cluster.get<any>(Pods, pod), status: runningStatus(pod, node, this.random, ctx.now) });
        ctx.event({ regarding, reason: 'Scheduled', note: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, type: 'Normal', controller: 'default-scheduler', action: 'Binding' });
        ctx.event({ regarding, reason: 'Started', note: `Started container ${pod.spec.containers[0].name}`, type: 'Normal', controller: 'kubelet', action: 'Started' });
        tracked.age = 0;
        if (tracked.runFor === undefined) this.pods.delete(key);
      } else if (pod.status?.phase === 'Running' && tracked.runFor !== undefined && tracked.age >= tracked.runFor) {
        const ok = this.random.chance(0.8);
        ctx.cluster.updateStatus(Pods, { ...pod, status: terminatedStatus(pod, ok, ctx.now) });
        if (!ok) ctx.event({ regarding, reason: 'Failed', note: 'Error: container exited with code 1', type: 'Warning', controller: 'kubelet', action: 'Failed' });
        this.pods.delete(key);
      }
    }
  }

  private randomAction(ctx: SimContext): void {
    const roll = this.random.next();
    if (roll < 0.3) {
      this.track(createJob(ctx, this.random.pick(['testhl', 'default'])));
    } else if (roll < 0.6) {
      this.churnPod(ctx);
    } else if (roll < 0.75) {
      const pod = this.randomRunningPod(ctx);
      if (!pod) return;
      const restarts = (pod.status.containerStatuses?.[0]?.restartCount ?? 0) + 1;
      ctx.cluster.updateStatus(Pods, { ...pod, status: runningStatus(pod, pod.spec.nodeName, this.random, ctx.now, restarts) });
      ctx.event({ regarding: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid }, reason: 'BackOff', note: `Back-off restarting failed container ${pod.spec.containers[0].name}`, type: 'Warning', controller: 'kubelet', action: 'Restarting' });
    } else if (roll < 0.9) {
      this.touchMicroService();
    } else {
      const pod = this.randomRunningPod(ctx);
      if (pod) ctx.cluster.patch(Pods, pod, { metadata: { labels: { 'rxkube.io/touched': String(this.ticks) } } }, 'merge');
    }
  }

  /**
   * A running replica of one of the churned apps, drawn from the `app` label
   * index (a few draws, skipping pods that are not Running): no list.
   */
  private randomRunningPod(ctx: SimContext): any {
    const views = CHURNED_APPS.map((app) => ctx.cluster.withLabel<any>(Pods, 'app', app));
    const total = views.reduce((sum, view) => sum + view.size, 0);
    if (total === 0) return undefined;
    for (let draw = 0; draw < 8; draw++) {
      let i = this.random.int(0, total - 1);
      let v = 0;
      while (i >= views[v]!.size) i -= views[v++]!.size;
      const pod = views[v]!.at(i);
      if (pod?.status?.phase === 'Running') return pod;
    }
    return undefined;
  }

  /** A replica dies and its ReplicaSet creates a replacement (Pending, then Running next tick). */
  private churnPod(ctx: SimContext): void {
    const pod = this.randomRunningPod(ctx);
    if (!pod) return;
    const app = pod.metadata.labels.app as string;
    const workload = WORKLOADS.find((w) => w.app === app && w.namespace === pod.metadata.namespace);
    ctx.cluster.delete(Pods, pod);
    const regarding = { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
    ctx.event({ regarding, reason: 'Killing', note: `Stopping container ${app}`, type: 'Normal', controller: 'kubelet', action: 'Killing' });
    if (!workload) return;
    const hash = pod.metadata.labels['pod-template-hash'] ?? this.random.suffix(10);
    const name = freshPodName(ctx.cluster, this.random, pod.metadata.namespace, `${app}-${hash}`);
    ctx.cluster.create(Pods, pendingPod({ namespace: pod.metadata.namespace, name, app, labels: { 'pod-template-hash': hash }, image: pod.spec.containers[0].image, createdAt: ctx.now }));
    this.pods.set(`${pod.metadata.namespace}/${name}`, { namespace: pod.metadata.namespace, name, age: 0 });
  }

  private touchMicroService(): void {
    const cluster = this.microservices;
    const ms = cluster.find<any>(MicroServices, { namespace: 'testhl', name: 'asm-cal3' });
    if (!ms) return;
    if (this.random.chance(0.3)) {
      const version = `v${Number(String(ms.spec?.version ?? 'v1').slice(1)) + 1}`;
      cluster.patch(MicroServices, ms, { spec: { version } }, 'merge');
    } else {
      const available = this.random.int(0, 3);
      cluster.updateStatus(MicroServices, { ...ms, status: { ...ms.status, availableReplicas: available, phase: available > 0 ? 'Running' : 'Degraded' } });
    }
  }
}
