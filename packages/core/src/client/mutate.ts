/**
 * Optimistic edits: `client.mutate(target, recipe)`.
 *
 * 1. The recipe runs on an immer draft of the cached object; subscribers see
 *    the edit at the next flush, as an overlay the cache replays over every
 *    newer server version until the write is answered (cache/overlays.ts).
 * 2. Its patches go to the server guarded by the version they were made on
 *    (writeBody.ts): a JSON Patch with a `test` of the resourceVersion, or a
 *    merge patch carrying it when the edit touches an array.
 * 3. On a conflict (409, or the 422 of a failed `test` when the server has a
 *    newer version) the recipe is re-run on the newest version and sent
 *    again, at most `attempts` times in all (client-go's
 *    retry.RetryOnConflict with retry.DefaultRetry: 5 steps); then the
 *    promise rejects with a 409 `Conflict` KubeApiError whose `current` is the
 *    version that won.
 * 4. The answer is written through the cache and the overlay dropped in the
 *    same step: the screen goes from the edit to the server's confirmation of
 *    it without a flash. The promise settles after the flush that shows the
 *    outcome to every subscriber. On failure the overlay is dropped and the object's
 *    queries show the server's version, with everything that arrived
 *    meanwhile, and the error in their status (`status.writes.error`).
 * A dry run sends the same request with `dryRun=All` and shows nothing.
 */
import type { Draft } from 'immer';
import { immer } from '../cache/immer.js';
import type { Edit } from '../cache/overlays.js';
import { memberRef } from '../cache/state.js';
import type { CacheStore } from '../cache/store.js';
import { addEdit, removeEdit, writeEnded, writeStarted, writeThrough } from '../cache/writeThrough.js';
import { isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject, ResourceType } from '../resources/resourceType.js';
import { bucketKeyOf } from './querySpec.js';
import type { Verbs } from './verbs.js';
import { writeBody } from './writeBody.js';

export interface MutateTarget<T> {
  cluster?: string | undefined;
  resource: ResourceType<T>;
  namespace?: string | undefined;
  name: string;
}

export interface MutateOptions {
  /** How many times in all the edit is sent when the server has a newer version; default 5 (client-go's retry.DefaultRetry). */
  attempts?: number | undefined;
  /** Server-side apply of the fields the recipe sets, as this field manager (required: no default is borrowed). */
  apply?: { fieldManager: string; force?: boolean | undefined } | undefined;
  /** The field manager recorded for a patch. */
  fieldManager?: string | undefined;
  /** Let the server compute the result without storing it; nothing is shown or cached. */
  dryRun?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/** An edit of a Kubernetes object: mutate the draft, as in immer. */
export type Recipe<T> = (draft: Draft<T>) => void;

export const DEFAULT_ATTEMPTS = 5;

export async function mutate<T>(verbs: Verbs, store: CacheStore, target: MutateTarget<T>, recipe: Recipe<T>, options: MutateOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw KubeApiError.invalid('attempts must be a whole number of at least 1', 'attempts');
  if (options.apply && !options.apply.fieldManager) throw KubeApiError.invalid('server-side apply needs an explicit fieldManager', 'fieldManager');
  const bucketKey = bucketKeyOf(target.cluster, target.resource);
  const ref = memberRef(target.namespace ?? '', target.name);
  const edit: Edit = { recipe: recipe as unknown as Edit['recipe'] };
  const live = !options.dryRun;
  const shown = live && addEdit(store, bucketKey, ref, edit);
  if (live) writeStarted(store, bucketKey, ref);
  const object = { ...target, resource: target.resource as ResourceType<unknown>, signal: options.signal };
  const get = () => verbs.getResource(object).then((found) => found as KubeObject);
  try {
    let base = store.serverObject(bucketKey, ref) ?? (await get());
    for (let attempt = 1; ; attempt++) {
      const [edited, patches] = immer.produceWithPatches(base, recipe as unknown as (draft: KubeObject) => void);
      if (patches.length === 0) {
        if (live) writeEnded(store, bucketKey, ref);
        return base as T;
      }
      try {
        const body = writeBody(base, edited, patches, options.apply !== undefined);
        const answer = (await verbs.patchResource({
          ...object,
          patch: body.patch,
          patchType: body.patchType,
          fieldManager: options.apply?.fieldManager ?? options.fieldManager,
          force: options.apply?.force,
          dryRun: options.dryRun,
          signal: options.signal,
        })) as KubeObject;
        if (live) {
          writeThrough(store, bucketKey, answer);
          writeEnded(store, bucketKey, ref);
        }
        return answer as T;
      } catch (error) {
        if (!mayBeConflict(error) || options.apply) throw error;
        const latest = await get();
        if (live) writeThrough(store, bucketKey, latest);
        // A 422 on the version it was made on is a real rejection, not a conflict.
        if (latest.metadata?.resourceVersion === base.metadata?.resourceVersion) throw error;
        if (attempt >= attempts) throw gaveUp(error, latest, attempts);
        base = latest;
      }
    }
  } catch (error) {
    if (live) writeEnded(store, bucketKey, ref, isKubeApiError(error) ? error : KubeApiError.client('NetworkError', String(error), error));
    throw error;
  } finally {
    if (shown) removeEdit(store, bucketKey, ref, edit);
    // Settle only once every subscriber shows the outcome: a component that renders the error on rejection
    // must never stand beside another one still showing the edit.
    if (live) await store.flushed();
  }
}

/** 409 Conflict (merge patch precondition), or 422 (a JSON Patch `test` that failed, when the server has a newer version). */
function mayBeConflict(error: unknown): error is KubeApiError {
  return isKubeApiError(error) && (error.code === 409 || error.code === 422);
}

function gaveUp(last: KubeApiError, current: KubeObject, attempts: number): KubeApiError {
  const { name, namespace } = current.metadata ?? {};
  return new KubeApiError(
    {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 409,
      reason: 'Conflict',
      message: `${current.kind ?? 'object'} ${namespace ? `${namespace}/` : ''}${name}: still changed by others after ${attempts} attempts; the current version is ${current.metadata?.resourceVersion}`,
      details: { name, kind: current.kind },
    },
    { cause: last, current },
  );
}
