/**
 * The one polling wait of the repository's tests. A check runs every few ms
 * on macrotasks (timers), so that the I/O and timers under test get to run in between,
 * until it passes or the time is up. Two shapes of the same loop:
 * - `until(check)`: a condition (true when met); after `ms`, rejects with
 *   `message` (computed only then);
 * - `eventually(check)`: an assertion (throws until it holds, may be async);
 *   resolves with its result, or after `timeoutMs` rejects with its last error.
 */
/** Every 50 ms by default: such assertions often ask a browser page. */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const NOT_YET = new Error('condition not met yet');

export async function until(check: () => boolean, ms = 10_000, message: string | (() => string) = 'condition not met in time'): Promise<void> {
  try {
    await eventually(
      () => {
        if (!check()) throw NOT_YET;
      },
      { timeoutMs: ms, intervalMs: 5 },
    );
  } catch (error) {
    throw error === NOT_YET ? new Error(typeof message === 'string' ? message : message()) : error;
  }
}
