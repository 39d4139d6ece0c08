/**
 * How long a watch waits before trying again. client-go's numbers: 800 ms,
 * doubling, capped at 30 s, and back to 800 ms once two minutes pass without a
 * failure. Each step is spread over [base/2, base] at random so that the cap
 * stays a cap and clients cut off together do not come back together.
 * A server's Retry-After is a floor, never shortened.
 */
export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 800, factor: 2, maxMs: 30_000, resetAfterMs: 120_000 };

export interface Backoff {
  /** The delay before the next attempt; counts as a failure. */
  next(retryAfterSeconds?: number): number;
}

export function createBackoff(
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  now: () => number = Date.now,
  random: () => number = Math.random,
): Backoff {
  let attempt = 0;
  let lastFailureAt = Number.NEGATIVE_INFINITY;
  return {
    next(retryAfterSeconds) {
      const at = now();
      if (at - lastFailureAt > policy.resetAfterMs) attempt = 0;
      lastFailureAt = at;
      const base = Math.min(policy.initialMs * policy.factor ** attempt, policy.maxMs);
      attempt += 1;
      const delay = base / 2 + (random() * base) / 2;
      return Math.round(Math.max(delay, (retryAfterSeconds ?? 0) * 1000));
    },
  };
}
