/**
 * Random schedules of server writes interleaved with every transient fault the
 * fake apiserver can inject, and the harness that plays one against live
 * rxkube subscriptions, then checks that each converges to the server's truth.
 */
import fc from 'fast-check';
import { createKubeClient, microtask, Pods, type DowngradePolling, type KubeClient, type KubeClientOptions, type KubeObject } from '@rxkube/core';
import { startFakeApiServer, type Fault, type FaultMatch, type FakeApiServer } from '@rxkube/testing';
import { EmissionLog, fingerprint } from './emissionLog.js';
import { until } from '../../support/until.js';
import { sleep } from './wait.js';

export type Step =
  | { op: 'create'; namespace: 'a' | 'b'; name: string; app: 'web' | 'db' }
  | { op: 'relabel'; index: number; app: 'web' | 'db' }
  | { op: 'phase'; index: number; phase: 'Pending' | 'Running' | 'Succeeded' }
  | { op: 'delete'; index: number }
  | { op: 'fault'; fault: Fault; match: FaultMatch }
  | { op: 'compact' }
  | { op: 'restart' }
  | { op: 'pause'; ms: number };

// Transient faults only: each must be recovered inside the store. (An HTML
// login page or a 403 ends a subscription by design; the bad-input suite
// covers those.) A hung watch would wait for the stall watchdog, so `hang`
// targets plain requests.
const faultArb: fc.Arbitrary<{ fault: Fault; match: FaultMatch }> = fc.oneof(
  fc.record({ fault: fc.constant<Fault>({ kind: 'gone' }), match: fc.record({ watch: fc.boolean() }) }),
  fc.record({ fault: fc.constant<Fault>({ kind: 'tooManyRequests', retryAfterSeconds: 1 }), match: fc.constant({}) }),
  fc.record({ fault: fc.constant<Fault>({ kind: 'serverError' }), match: fc.record({ times: fc.integer({ min: 1, max: 3 }) }) }),
  fc.record({ fault: fc.integer({ min: 0, max: 3 }).map((events): Fault => ({ kind: 'endWatchAfter', events })), match: fc.constant({ watch: true }) }),
  fc.record({ fault: fc.integer({ min: 0, max: 2 }).map((afterEvents): Fault => ({ kind: 'cutMidLine', afterEvents })), match: fc.constant({ watch: true }) }),
  fc.record({ fault: fc.integer({ min: 0, max: 2 }).map((afterEvents): Fault => ({ kind: 'malformedLine', afterEvents })), match: fc.constant({ watch: true }) }),
  fc.record({ fault: fc.integer({ min: 0, max: 2 }).map((afterEvents): Fault => ({ kind: 'errorEvent', afterEvents, code: 410 })), match: fc.constant({ watch: true }) }),
  fc.record({ fault: fc.constant<Fault>({ kind: 'bufferingProxy' }), match: fc.constant({ watch: true }) }),
  fc.record({ fault: fc.integer({ min: 50, max: 400 }).map((ms): Fault => ({ kind: 'cutAfter', ms })), match: fc.constant({ watch: true }) }),
  fc.record({ fault: fc.constant<Fault>({ kind: 'hang' }), match: fc.constant({ watch: false }) }),
);

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), namespace: fc.constantFrom('a' as const, 'b' as const), name: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4'), app: fc.constantFrom('web' as const, 'db' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('relabel' as const), index: fc.nat(), app: fc.constantFrom('web' as const, 'db' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('phase' as const), index: fc.nat(), phase: fc.constantFrom('Pending' as const, 'Running' as const, 'Succeeded' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), index: fc.nat() }) },
  { weight: 4, arbitrary: faultArb.map(({ fault, match }) => ({ op: 'fault' as const, fault, match })) },
  { weight: 1, arbitrary: fc.constant({ op: 'compact' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 60 }) }) },
);

interface Question {
  label: string;
  subscribe(client: KubeClient, log: EmissionLog, polling: DowngradePolling | undefined): { unsubscribe(): void };
  truth(server: FakeApiServer): string[];
}

const listTruth = (options: { namespace?: string; labelSelector?: string; fieldSelector?: string }) => (server: FakeApiServer) =>
  fingerprint(server.clusters.global.list<KubeObject>('pods', options));

export const questions: Question[] = [
  {
    label: 'pods in a',
    subscribe: (client, log, downgradePolling) => client.watchResourceList({ resource: Pods, namespace: 'a', downgradePolling }).subscribe((v) => log.record(v)),
    truth: listTruth({ namespace: 'a' }),
  },
  {
    label: 'app=web everywhere',
    subscribe: (client, log, downgradePolling) => client.watchResourceList({ resource: Pods, labelSelector: 'app=web', downgradePolling }).subscribe((v) => log.record(v)),
    truth: listTruth({ labelSelector: 'app=web' }),
  },
  {
    label: 'Running in b',
    subscribe: (client, log, downgradePolling) => client.watchResourceList({ resource: Pods, namespace: 'b', fieldSelector: 'status.phase=Running', downgradePolling }).subscribe((v) => log.record(v)),
    truth: listTruth({ namespace: 'b', fieldSelector: 'status.phase=Running' }),
  },
  ...(['a/p1', 'b/p2'] as const).map((ref): Question => {
    const [namespace, name] = ref.split('/') as [string, string];
    return {
      label: ref,
      subscribe: (client, log, downgradePolling) => client.watchResource({ resource: Pods, namespace, name, downgradePolling }).subscribe((v) => log.record(v)),
      truth: (server) => fingerprint(server.clusters.global.find<KubeObject>('pods', { namespace, name }) ?? null),
    };
  }),
];

export interface ScheduleResult {
  faults: number;
  writes: number;
  emissions: number;
  violations: string[];
  mismatches: string[];
  convergedInMs: number;
  /** watch=true requests the server received (zero when polling). */
  watchRequests: number;
}

/** Plays one schedule: a fresh server and client, the steps, then the faults stop and every subscriber must converge. */
export interface ChaosOptions {
  client?: KubeClientOptions;
  /** Passed to every subscription; polls when the client also has downgradeWatch. */
  downgradePolling?: DowngradePolling;
}

export async function playSchedule(steps: Step[], options: ChaosOptions, convergeWithinMs: number): Promise<ScheduleResult> {
  const server = await startFakeApiServer({ port: 0, bookmarkIntervalMs: 100, historyLimit: 40, seed: 1 });
  const client = createKubeClient({
    baseUrl: server.url,
    gracePeriodMs: 0,
    notifySchedule: microtask,
    watchTimeoutSeconds: 2,
    requestTimeoutMs: 1_000,
    backoff: { initialMs: 20, factor: 2, maxMs: 200, resetAfterMs: 2_000 },
    ...options.client,
  });
  const logs = questions.map((q) => new EmissionLog(q.label));
  const subscriptions = questions.map((q, i) => q.subscribe(client, logs[i]!, options.downgradePolling));
  const cluster = server.clusters.global;
  let faults = 0;
  let writes = 0;
  try {
    for (const step of steps) {
      const pods = cluster.list<KubeObject>('pods');
      const target = pods.length > 0 && 'index' in step ? pods[step.index % pods.length] : undefined;
      switch (step.op) {
        case 'create':
          if (!cluster.find('pods', { namespace: step.namespace, name: step.name })) {
            cluster.create('pods', { metadata: { name: step.name, namespace: step.namespace, labels: { app: step.app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
            writes += 1;
          }
          break;
        case 'relabel':
          if (target) {
            cluster.update('pods', { ...target, metadata: { ...target.metadata, resourceVersion: undefined, labels: { app: step.app } } });
            writes += 1;
          }
          break;
        case 'phase':
          if (target) {
            cluster.updateStatus('pods', { ...target, metadata: { ...target.metadata, resourceVersion: undefined }, status: { phase: step.phase } });
            writes += 1;
          }
          break;
        case 'delete':
          if (target) {
            cluster.delete('pods', { namespace: target.metadata?.namespace, name: target.metadata!.name! });
            writes += 1;
          }
          break;
        case 'fault':
          server.faults.inject(step.fault, step.match);
          faults += 1;
          break;
        case 'compact':
          server.faults.compact();
          faults += 1;
          break;
        case 'restart':
          server.faults.restart();
          faults += 1;
          break;
        case 'pause':
          await sleep(step.ms);
          break;
      }
    }
    server.faults.clear();
    const stoppedAt = Date.now();
    const converged = () => questions.every((q, i) => logs[i]!.last?.join() === q.truth(server).join());
    const mismatches: string[] = [];
    await until(converged, convergeWithinMs).catch(() => {
      questions.forEach((q, i) => {
        const truth = q.truth(server).join();
        if (logs[i]!.last?.join() !== truth) mismatches.push(`${q.label}: shows [${logs[i]!.last?.join() ?? 'nothing'}], server has [${truth}]`);
      });
    });
    return {
      faults,
      writes,
      emissions: logs.reduce((n, log) => n + log.emissions, 0),
      violations: logs.flatMap((log) => log.violations),
      mismatches,
      convergedInMs: Date.now() - stoppedAt,
      watchRequests: server.requests.count({ watch: true }),
    };
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
    client.dispose();
    await server.close();
  }
}
