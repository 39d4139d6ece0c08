/**
 * The reliability suites run a fast profile inside `npm test` and a longer one
 * behind `npm run test:chaos` (RXKUBE_PROFILE=chaos). RXKUBE_SEED replays one
 * schedule family exactly.
 */
export const chaos = process.env.RXKUBE_PROFILE === 'chaos';

export function pick<T>(fast: T, long: T): T {
  return chaos ? long : fast;
}

// The fast profile replays the same schedules on every run (CI stays deterministic); chaos explores new ones.
export const seed = process.env.RXKUBE_SEED ? Number(process.env.RXKUBE_SEED) : chaos ? Math.floor(Math.random() * 2 ** 31) : 20_261_125;
