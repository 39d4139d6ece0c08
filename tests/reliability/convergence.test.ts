/**
 * Convergence under chaos: seeded random schedules of creates, updates and
 * deletes interleaved with every transient fault of the fake apiserver (cut
 * mid-line, malformed line, end of stream, 410 at start and mid-stream,
 * compaction, 429 with Retry-After, 500, buffering proxy, connections cut,
 * restarts that lose watch history, requests never answered). Once the faults
 * stop, every live watchResource and watchResourceList must show the server's
 * truth within 15 s; no emission may carry an older resourceVersion of an
 * object than one already emitted, and no two consecutive emissions may be
 * identical. Replay a failure with the printed seed:
 * RXKUBE_SEED=<seed> npm run test:chaos.
 */
import { describe, it } from 'vitest';
import { runChaos } from './support/runChaos.js';

describe('convergence under chaos', () => {
  it('every live watch converges to the server, never regresses and never repeats itself', () => runChaos('convergence', {}));
});
