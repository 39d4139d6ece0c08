/**
 * One leader among the tabs of an origin, with the Web Locks API: the tab
 * that holds the lock leads; the others wait in the lock's queue, and the
 * browser hands the lock to the next one when the leader's tab closes or
 * crashes. Nothing to time out, nothing to ping.
 */

/** Asks for the lead; `onLeader` runs once this tab gets it. The function returned gives it up, or leaves the queue. */
export function electLeader(locks: LockManager, name: string, onLeader: () => void): () => void {
  const leaveQueue = new AbortController();
  let release: (() => void) | undefined;
  let resigned = false;
  locks
    .request(name, { signal: leaveQueue.signal }, () => {
      if (resigned) return undefined;
      onLeader();
      // Held until resign(): a promise that settles only then.
      return new Promise<void>((resolve) => (release = resolve));
    })
    .catch((error: unknown) => {
      // Leaving the queue rejects the request with an AbortError; anything else is a real failure.
      if (!(error instanceof DOMException && error.name === 'AbortError')) throw error;
    });
  return () => {
    resigned = true;
    leaveQueue.abort();
    release?.();
  };
}
