/**
 * Create, update, patch and delete through the cache: the server's answer
 * enters it at once (cache/writeThrough.ts), so every query showing the
 * object shows the write at the next flush, streaming or polling. A dry run
 * (`dryRun: true`, the apiserver's `dryRun=All`) returns the server's result
 * and touches nothing.
 *
 * A delete is shown at once, as the apiserver will show it: the object gets a
 * `deletionTimestamp` (a console shows "Terminating"); the answer then either
 * removes it (deleted) or replaces it (a graceful delete, or finalizers
 * pending). A failed delete rolls back to the server's version.
 */
import { isKubeApiError, type Status } from '../errors/KubeApiError.js';
import type { CacheStore } from '../cache/store.js';
import { memberRef } from '../cache/state.js';
import { addEdit, removeEdit, writeDeleted, writeEnded, writeStarted, writeThrough } from '../cache/writeThrough.js';
import type { Edit } from '../cache/overlays.js';
import type { KubeObject } from '../resources/resourceType.js';
import { bucketKeyOf } from './querySpec.js';
import type { DeleteParams, PatchParams, Verbs, WriteParams } from './verbs.js';

export class WriteVerbs {
  constructor(
    private readonly verbs: Verbs,
    private readonly store: CacheStore,
  ) {}

  async createResource<T>(params: WriteParams<T>): Promise<T> {
    return this.through(params, await this.verbs.createResource(params));
  }

  async updateResource<T>(params: WriteParams<T>): Promise<T> {
    return this.through(params, await this.verbs.updateResource(params));
  }

  async patchResource<T>(params: PatchParams<T>): Promise<T> {
    return this.through(params, await this.verbs.patchResource(params));
  }

  async deleteResource<T>(params: DeleteParams<T>): Promise<T | Status> {
    if (params.dryRun) return this.verbs.deleteResource(params);
    const bucketKey = bucketKeyOf(params.cluster, params.resource);
    const ref = memberRef(params.namespace ?? '', params.name);
    const terminating: Edit = { recipe: (draft) => void ((draft.metadata ??= {}).deletionTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z')) };
    const shown = addEdit(this.store, bucketKey, ref, terminating);
    writeStarted(this.store, bucketKey, ref);
    try {
      const answer = await this.verbs.deleteResource(params);
      const object = isObject(answer) ? answer : undefined;
      if (object?.metadata?.deletionTimestamp) writeThrough(this.store, bucketKey, object);
      else writeDeleted(this.store, bucketKey, ref, object?.metadata?.resourceVersion);
      writeEnded(this.store, bucketKey, ref);
      return answer;
    } catch (error) {
      writeEnded(this.store, bucketKey, ref, isKubeApiError(error) ? error : undefined);
      throw error;
    } finally {
      if (shown) removeEdit(this.store, bucketKey, ref, terminating);
      await this.store.flushed();
    }
  }

  /** Writes the answer through; resolves once every subscriber shows it. */
  private async through<T>(params: { cluster?: string | undefined; resource: WriteParams<T>['resource']; dryRun?: boolean | undefined }, answer: T): Promise<T> {
    if (!params.dryRun && isObject(answer)) {
      writeThrough(this.store, bucketKeyOf(params.cluster, params.resource), answer);
      await this.store.flushed();
    }
    return answer;
  }
}

function isObject(answer: unknown): answer is KubeObject {
  return typeof answer === 'object' && answer !== null && (answer as { kind?: string }).kind !== 'Status';
}
