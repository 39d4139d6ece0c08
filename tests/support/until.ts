/**
 * The one polling wait of the repository's tests: resolves once `check` passes,
 * rejects with `message` (computed when it fails) after `ms`. Checks every few
 * ms on macrotasks, so the I/O and timers under test get to run in between.
 */
export async function until(check: () => boolean, ms = 10_000, message: string | (() => string) = 'condition not met in time'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(typeof message === 'string' ? message : message());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
