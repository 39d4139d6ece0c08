// One write button's state: the error of its last write, if it failed. The
// edit itself is shown by the cache (optimistic, rolled back on failure), and
// "saving" comes from the query's `status.writes`; what only the caller
// learns is why the server said no (the rejected promise).
import { useCallback, useState } from 'react';

export interface Write {
  /** Why the last write failed (its edit is already rolled back); undefined while none failed. */
  error: string | undefined;
  /** Starts a write, forgetting the last error. */
  run(write: () => Promise<unknown>): void;
}

export function useWrite(): Write {
  const [error, setError] = useState<string>();
  const run = useCallback((write: () => Promise<unknown>) => {
    setError(undefined);
    write().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  return { error, run };
}
