// Beside a write button: "Saving…" while the object has an edit on its way
// (the query's `status.writes.objects`), and the error of a write that was
// rolled back.
import type { WriteStatus } from '@rxkube/core';

export function WriteState({ writes, object, error }: { writes: WriteStatus | undefined; object: string; error: string | undefined }) {
  const saving = writes?.objects.includes(object) ?? false;
  return (
    <>
      {saving && (
        <span className="badge saving" data-testid="write-saving">
          Saving…
        </span>
      )}
      {error && !saving && (
        <span className="error-text write-error" data-testid="write-error" role="alert">
          Not saved: {error}
        </span>
      )}
    </>
  );
}
