import { describe, expect, it } from 'vitest';
import type { Change } from '../model/eventLog.js';
import { FakeModel } from '../model/model.js';
import { WorkloadSimulator } from './simulator.js';

function run(seed: number, ticks: number, rate = 2) {
  let now = Date.UTC(2025, 0, 1);
  const model = new FakeModel({ clusters: ['calico3'], seed: 42, clock: () => now });
  const changes: string[] = [];
  const all: Change[] = [];
  for (const name of model.clusterNames()) {
    model.cluster(name).subscribe((s) => {
      if (s.type !== 'change') return;
      all.push(s.change);
      changes.push(`${name} ${s.change.rv} ${s.change.type} ${s.change.resource.plural} ${s.change.object.metadata.namespace ?? ''}/${s.change.object.metadata.name} ${JSON.stringify(s.change.object).length}`);
    });
  }
  const sim = new WorkloadSimulator(model, { seed, rate });
  sim.seedState();
  for (let i = 0; i < ticks; i++) {
    now += 1_000;
    sim.tick();
  }
  return { model, changes, all };
}

describe('the workload simulator', () => {
  it('produces the same sequence of changes from the same seed', () => {
    const a = run(7, 40);
    const b = run(7, 40);
    expect(a.changes.length).toBeGreaterThan(300);
    expect(b.changes).toEqual(a.changes);
    expect(run(8, 40).changes).not.toEqual(a.changes);
  });

  it('seeds a realistic starting state: namespaces, nodes, a few hundred pods with app labels, the MicroService CRD', () => {
    const model = new FakeModel({ clusters: ['calico3'] });
    new WorkloadSimulator(model, { seed: 1 }).seedState();
    const global = model.cluster();
    expect(global.list<any>('namespaces').map((n) => n.metadata.name)).toEqual(expect.arrayContaining(['default', 'testhl', 'kube-system']));
    expect(global.list('nodes').length).toBe(3);
    expect(global.list('pods').length).toBeGreaterThanOrEqual(200);
    expect(global.list('pods', { namespace: 'testhl', labelSelector: 'app=web' }).length).toBeGreaterThan(50);
    expect(global.list('pods', { fieldSelector: 'status.phase=Running' }).length).toBe(global.list('pods').length);
    expect(model.cluster('calico3').get<any>('microservices', 'testhl/asm-cal3')).toMatchObject({ apiVersion: 'asm.alauda.io/v1beta3', kind: 'MicroService' });
  });

  it('runs Jobs to completion with batch/v1 status, churns pods and records events about them', () => {
    const { model, all } = run(3, 60);
    const cluster = model.cluster();
    const jobs = all.filter((c) => c.resource.plural === 'jobs' && c.type === 'MODIFIED').map((c) => c.object as any);
    const complete = jobs.find((j) => j.status?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True'));
    expect(complete).toBeDefined();
    expect(complete.status.succeeded).toBe(complete.spec.completions);
    expect(complete.status.completionTime >= complete.status.startTime).toBe(true);
    expect(jobs.some((j) => (j.status?.active ?? 0) > 0)).toBe(true);

    const phases = new Set(all.filter((c) => c.resource.plural === 'pods').map((c) => (c.object as any).status?.phase));
    expect([...phases]).toEqual(expect.arrayContaining(['Pending', 'Running', 'Succeeded']));
    expect(all.some((c) => c.resource.plural === 'pods' && c.type === 'DELETED')).toBe(true);

    const events = cluster.list<any>('events.events.k8s.io');
    expect(events.length).toBeGreaterThan(10);
    const event = events.find((e) => e.regarding.kind === 'Job')!;
    expect(event).toMatchObject({ apiVersion: 'events.k8s.io/v1', reportingController: 'job-controller', type: 'Normal', regarding: { apiVersion: 'batch/v1' } });
    expect(event.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(cluster.list('events').length).toBe(events.length);
    expect(all.some((c) => c.resource.plural === 'microservices' && c.type === 'MODIFIED')).toBe(true);
  });

  it('runs a Job created through the API like its own, with batch/v1 defaults', () => {
    const model = new FakeModel({ seed: 1 });
    const sim = new WorkloadSimulator(model, { seed: 3, rate: 0 });
    const cluster = model.cluster('global');
    cluster.create('jobs.batch', {
      metadata: { name: 'made-by-hand', namespace: 'testhl' },
      spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } } },
    });
    const conditions = () => cluster.get<{ status?: { conditions?: { type: string }[] } }>('jobs.batch', 'testhl/made-by-hand').status?.conditions ?? [];
    for (let i = 0; i < 30 && conditions().length === 0; i++) sim.tick();
    expect(conditions().map((c) => c.type)).toContain('Complete');
  });

  it('scales activity with the rate knob', () => {
    expect(run(5, 30, 4).changes.length).toBeGreaterThan(run(5, 30, 0.5).changes.length);
  });
});
