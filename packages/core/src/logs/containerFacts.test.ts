import { describe, expect, it } from 'vitest';
import { containerFacts } from './containerFacts.js';

const pod = (state: object, extra: object = {}, phase = 'Running') => ({
  spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
  status: { phase, containerStatuses: [{ name: 'app', restartCount: 2, state, ...extra }] },
});

describe('what a pod says about a container, for its log', () => {
  it('a running container has a log; a deleted pod has none and is gone', () => {
    expect(containerFacts(pod({ running: {} }), 'app')).toMatchObject({ exists: true, running: true, hasLog: true, restartCount: 2, finished: false });
    expect(containerFacts(null, 'app')).toMatchObject({ exists: false, hasLog: false });
  });

  it('a container waiting for its first run has no log; one crash-looping has its last run\'s', () => {
    expect(containerFacts(pod({ waiting: { reason: 'ContainerCreating' } }), 'app')).toMatchObject({ running: false, hasLog: false, waitingReason: 'ContainerCreating' });
    expect(containerFacts(pod({ waiting: { reason: 'CrashLoopBackOff' } }, { lastState: { terminated: {} } }), 'app')).toMatchObject({ running: false, hasLog: true });
  });

  it('leaves an unknown or unpicked container to the server to refuse', () => {
    expect(containerFacts(pod({ waiting: {} }), 'nope').hasLog).toBe(true);
    expect(containerFacts(pod({ waiting: {} }), undefined).hasLog).toBe(true);
  });

  it('a pod that Succeeded or Failed is finished', () => {
    expect(containerFacts(pod({ terminated: {} }, {}, 'Succeeded'), 'app')).toMatchObject({ finished: true, hasLog: true, running: false });
  });
});
