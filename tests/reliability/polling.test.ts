/**
 * Polling under chaos: the convergence properties with downgrade polling on,
 * every subscription polling every 50 ms instead of watching.
 */
import { describe, it } from 'vitest';
import { runChaos } from './support/runChaos.js';

describe('polling under chaos', () => {
  it('every polled query converges to the server, never regresses and never repeats itself', () =>
    runChaos('polling', { client: { downgradeWatch: true }, downgradePolling: { interval: 50 } }));
});
