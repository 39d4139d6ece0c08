// Field ownership on writes (server-side apply's managedFields), after
// apimachinery pkg/util/managedfields/internal/fieldmanager.go and
// structured-merge-diff merge/update.go:
// - an update, patch or create by a manager takes the fields it added or
//   changed (an `Update` entry) away from everyone else; removed fields
//   leave every owner;
// - an apply owns exactly the fields of its configuration (an `Apply`
//   entry); fields it set before and no longer sets are removed unless
//   someone else owns them; changing a field another manager owns is a 409
//   Conflict unless `force`, which takes the field over.
// Invariants: no manager owns a stripped metadata field or a field the
// endpoint resets (status on the main resource, spec on /status); a manager
// that owns nothing has no entry.
import type { KubeObject } from '../eventLog.js';
import { badRequest } from '../status.js';
import { clone, deepEqual, isObject } from '../util.js';
import { mergeApplied, removePath } from './applyMerge.js';
import { applyConflict } from './conflict.js';
import { FieldSet, type FieldPath } from './fieldSet.js';
import { compare, toFieldSet, type Comparison } from './fieldWalk.js';
import { allowedFromLastApplied, KUBECTL, syncLastApplied } from './lastApplied.js';
import { decodeManagedFields, encodeManagedFields, managerId, type ManagedFieldsEntry, type Managers } from './managedFields.js';

export interface OwnershipContext {
  /** The resource's group/version, e.g. `apps/v1`. */
  apiVersion: string;
  subresource?: 'status' | undefined;
  /** Whether the main resource resets `status` (it has a /status subresource). */
  hasStatus: boolean;
  /** metav1.Time of this write. */
  now: string;
}

// Never owned (internal/stripmeta.go).
const STRIPPED = new FieldSet(
  [[], ['name'], ['namespace'], ['creationTimestamp'], ['selfLink'], ['uid'], ['clusterName'], ['generation'], ['managedFields'], ['resourceVersion']]
    .map((rest): FieldPath => ['f:metadata', ...rest.map((n) => `f:${n}`)])
    .concat([['f:apiVersion'], ['f:kind']]),
);

// What a write through this endpoint resets, so nobody owns it there (the registry strategies' GetResetFields).
const resetFields = (ctx: OwnershipContext) =>
  new FieldSet(ctx.subresource === 'status' ? [['f:spec']] : ctx.hasStatus ? [['f:status']] : []);

const ownable = (set: FieldSet, ctx: OwnershipContext) => set.difference(STRIPPED).recursiveDifference(resetFields(ctx));

function withoutManagedFields(obj: KubeObject | undefined): Record<string, unknown> {
  if (!obj) return { metadata: {} };
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>, ctx: OwnershipContext): Comparison {
  const c = compare(before, after);
  return { added: ownable(c.added, ctx), modified: ownable(c.modified, ctx), removed: ownable(c.removed, ctx) };
}

/**
 * Updater.update: fields `writer` changed leave the other managers, removed
 * fields leave everyone. Without `force`, the fields it would take are
 * returned as conflicts instead, and nothing changes.
 */
function takeOver(managers: Managers, change: Comparison, writer: string, force: boolean): Map<string, FieldSet> {
  const changed = change.modified.union(change.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, m] of managers) {
    const taken = id === writer ? new FieldSet() : m.fields.intersection(changed);
    if (taken.size > 0) conflicts.set(id, taken);
  }
  if (!force && conflicts.size > 0) return conflicts;
  for (const [id, m] of managers) {
    if (id === writer) continue;
    const fields = m.fields.difference(conflicts.get(id) ?? new FieldSet()).difference(change.removed);
    if (fields.size === 0) managers.delete(id);
    else managers.set(id, { ...m, fields });
  }
  return new Map();
}

/** Ownership in the object a write sends: its own entries if it carries some, none if it sends `[]`, else the live object's. */
function startingOwnership(live: KubeObject | undefined, next: KubeObject, ctx: OwnershipContext): Managers {
  const fromLive = decodeManagedFields(live?.metadata.managedFields) ?? new Map();
  const sent = ctx.subresource ? undefined : next.metadata.managedFields;
  if (Array.isArray(sent) && sent.length === 0) return new Map();
  const fromRequest = decodeManagedFields(sent);
  return fromRequest && fromRequest.size > 0 ? fromRequest : fromLive;
}

/**
 * Sets `next.metadata.managedFields` after a create (`live` undefined), update
 * or patch (FieldManager.Update); `manager` is the `fieldManager` parameter or
 * the user agent's product. Without a manager, ownership is only carried over.
 */
export function recordUpdate(live: KubeObject | undefined, next: KubeObject, manager: string | undefined, ctx: OwnershipContext): void {
  const entries = ownershipAfterUpdate(live, next, manager, ctx);
  if (entries.length > 0) next.metadata.managedFields = entries;
  else delete next.metadata.managedFields;
}

function ownershipAfterUpdate(live: KubeObject | undefined, next: KubeObject, manager: string | undefined, ctx: OwnershipContext): ManagedFieldsEntry[] {
  const managers = startingOwnership(live, next, ctx);
  if (manager) {
    const change = changes(withoutManagedFields(live), withoutManagedFields(next), ctx);
    // The write runs as an anonymous "current-operation" first, then joins the manager's earlier entry (managedfieldsupdater.go).
    takeOver(managers, change, '', true);
    const taken = change.modified.union(change.added);
    if (taken.size > 0) {
      const id = managerId({ manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource: ctx.subresource });
      const previous = managers.get(id)?.fields ?? new FieldSet();
      managers.set(id, { manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource: ctx.subresource, time: ctx.now, fields: previous.union(taken) });
    }
  }
  return encodeManagedFields(managers);
}

interface Applied {
  object: Record<string, unknown>;
  managers: Managers;
  conflicts: Map<string, FieldSet>;
}

/** One try of an apply (Updater.Apply): merge, prune, then take the changed fields over or report conflicts. */
function tryApply(live: KubeObject | undefined, config: Record<string, unknown>, manager: string, force: boolean, ctx: OwnershipContext): Applied {
  const managers = decodeManagedFields(live?.metadata.managedFields) ?? new Map();
  const base = withoutManagedFields(live);
  const id = managerId({ manager, operation: 'Apply', apiVersion: ctx.apiVersion, subresource: ctx.subresource });
  const previous = managers.get(id);
  const applied = ownable(toFieldSet(config), ctx);
  managers.set(id, { manager, operation: 'Apply', apiVersion: ctx.apiVersion, subresource: ctx.subresource, time: previous?.time, fields: applied });

  let object = mergeApplied(base, config);
  // Prune: what this manager applied last time and no longer does goes, unless another manager still owns it.
  // Parents come first: a list item goes before its key fields would be (then the item could not be found).
  for (const path of previous?.fields.difference(applied).paths() ?? []) {
    const ownedElsewhere = [...managers].some(([other, m]) => other !== id && m.fields.hasAtOrBelow(path));
    if (!ownedElsewhere) object = removePath(object, path);
  }
  const conflicts = takeOver(managers, changes(base, object, ctx), id, force);
  if (!previous || !deepEqual(base, object)) managers.set(id, { ...managers.get(id)!, time: ctx.now });
  return { object, managers, conflicts };
}

/**
 * Server-side apply of `config` by `manager` onto `live` (undefined: the
 * object does not exist yet). Returns the merged object with its
 * managedFields; throws 409 Conflict listing the contested fields.
 */
export function serverSideApply(live: KubeObject | undefined, config: unknown, manager: string, force: boolean, ctx: OwnershipContext): KubeObject {
  if (!isObject(config)) throw badRequest('the body of the request was not a JSON object');
  // internal/structuredmerge.go Apply: the configuration names the endpoint's version, and leaves managedFields to the server.
  const version = typeof config.apiVersion === 'string' ? config.apiVersion : '';
  if (version !== ctx.apiVersion) throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${version}, expected: ${ctx.apiVersion}`);
  if (isObject(config.metadata) && config.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  let result = tryApply(live, config, manager, force, ctx);
  if (result.conflicts.size > 0 && manager === KUBECTL) {
    const allowed = allowedFromLastApplied(live, withoutManagedFields(live), ctx.apiVersion);
    if (allowed) {
      for (const [id, fields] of result.conflicts) {
        const left = fields.difference(allowed);
        if (left.size > 0) result.conflicts.set(id, left);
        else result.conflicts.delete(id);
      }
      if (result.conflicts.size === 0) result = tryApply(live, config, manager, true, ctx);
    }
  }
  if (result.conflicts.size > 0) throw applyConflict(result.managers, result.conflicts);

  const out = clone(result.object) as KubeObject;
  out.metadata = { ...(isObject(out.metadata) ? out.metadata : {}), managedFields: encodeManagedFields(result.managers) } as KubeObject['metadata'];
  if (manager === KUBECTL) syncLastApplied(out, config);
  return out;
}
