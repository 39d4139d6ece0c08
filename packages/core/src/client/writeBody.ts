/**
 * What an optimistic edit sends: the recipe's immer patches as an RFC 6902
 * JSON Patch, guarded by the version the edit was made on.
 *
 * - Paths become JSON pointers (RFC 6901): `~` is escaped as `~0` and `/` as
 *   `~1`, since label keys such as `app.kubernetes.io/name` contain `/`.
 * - The guard is a `test` of `/metadata/resourceVersion` first: a newer
 *   version on the server fails the whole patch (a real apiserver answers 422
 *   Invalid, not 409: kubernetes/kubernetes#68346), and the edit is re-run on
 *   the newest version.
 * - Array edits are positional in a JSON Patch: `remove /spec/containers/1`
 *   made on one version removes whatever is at index 1 of another. The
 *   version guard alone would keep that safe, but a merge patch says what is
 *   meant: an edit that touches an array is sent as an RFC 7386 merge patch
 *   of the object's changes (a changed array whole, removed keys as null)
 *   carrying `metadata.resourceVersion`, which the apiserver checks as a
 *   precondition (409 Conflict on a newer version).
 * - Server-side apply sends the fields the edit set, under the object's
 *   identity, as the field manager's intent; it cannot express removals.
 */
import type { Patch } from 'immer';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';

export interface JsonPatchOperation {
  op: 'test' | 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export type WriteBody =
  | { patchType: 'json'; patch: JsonPatchOperation[] }
  | { patchType: 'merge'; patch: Record<string, unknown> }
  | { patchType: 'apply'; patch: Record<string, unknown> };

export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((segment) => '/' + String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** The body for `edited`, made from `base` by the recipe whose patches are `patches`. */
export function writeBody(base: KubeObject, edited: KubeObject, patches: readonly Patch[], apply = false): WriteBody {
  if (apply) return { patchType: 'apply', patch: applyConfiguration(base, edited, patches) };
  const version = base.metadata?.resourceVersion;
  if (version === undefined) throw KubeApiError.invalid('an edit needs the object it edits to have a resourceVersion', 'metadata.resourceVersion');
  if (patches.some((patch) => patch.path.some((segment) => typeof segment === 'number'))) {
    const patch = (mergeDiff(base, edited) ?? {}) as Record<string, unknown>;
    const metadata = (patch.metadata ?? {}) as Record<string, unknown>;
    return { patchType: 'merge', patch: { ...patch, metadata: { ...metadata, resourceVersion: version } } };
  }
  const operations = patches.map(({ op, path, value }): JsonPatchOperation => (op === 'remove' ? { op, path: jsonPointer(path) } : { op, path: jsonPointer(path), value }));
  return { patchType: 'json', patch: [{ op: 'test', path: '/metadata/resourceVersion', value: version }, ...operations] };
}

/**
 * The RFC 7386 merge patch that turns `from` into `to`; undefined when equal.
 * immer shares what an edit did not touch, so unchanged subtrees are skipped
 * by identity and only changed ones are walked.
 */
export function mergeDiff(from: unknown, to: unknown): unknown {
  if (from === to) return undefined;
  if (!isPlainObject(from) || !isPlainObject(to)) return to === undefined ? null : to;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const change = mergeDiff(from[key], value);
    if (change !== undefined) patch[key] = change;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function applyConfiguration(base: KubeObject, edited: KubeObject, patches: readonly Patch[]): Record<string, unknown> {
  const metadata = base.metadata ?? {};
  const configuration: Record<string, unknown> = {
    apiVersion: base.apiVersion,
    kind: base.kind,
    metadata: { name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}) },
  };
  for (const { op, path } of patches) {
    if (op === 'remove') throw KubeApiError.invalid(`server-side apply cannot remove ${jsonPointer(path)}: leave the field out of the manager's configuration instead`, jsonPointer(path));
    // A list is applied whole: up to its first index.
    const index = path.findIndex((segment) => typeof segment === 'number');
    const owned = index < 0 ? path : path.slice(0, index);
    setIn(configuration, owned, getIn(edited, owned));
  }
  return configuration;
}

function getIn(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

function setIn(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let current = target;
  for (const segment of path.slice(0, -1)) {
    const next = current[segment];
    current = (current[segment] = isPlainObject(next) ? { ...next } : {}) as Record<string, unknown>;
  }
  current[path.at(-1)!] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
