/** Resolves when `check` passes, polling every few ms; rejects with `message` after `ms`. */
export async function until(check: () => boolean, ms: number, message = 'condition not met in time'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
