// RFC 6902 JSON patch with RFC 6901 pointers. A malformed document is a 400;
// an operation that cannot apply (missing path, failed `test`) is a 422, as
// the apiserver reports it.
import { ApiError, badRequest } from '../status.js';
import { deepEqual, isObject } from '../util.js';

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/**
 * An operation that cannot apply. kube-apiserver answers
 * errors.NewGenericServerResponse(422, "", GroupResource{}, "", err.Error(), 0, false)
 * (apiserver pkg/endpoints/handlers/patch.go, applyJSPatch; apimachinery
 * pkg/api/errors/errors.go), which drops json-patch's own text: the client
 * sees only the generic message and empty details. `why` stays on the error's
 * `cause`, for whoever debugs the fake.
 */
function unprocessable(why: string): ApiError {
  const err = new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  err.cause = why;
  return err;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

/** The parent container of the pointed location and the last token. */
function locate(doc: unknown, tokens: string[], pointer: string): [Container, string] {
  let cur: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(token)];
    else if (isObject(cur)) cur = cur[token];
    else cur = undefined;
    if (cur === undefined) throw unprocessable(`doc is missing path: "${pointer}"`);
  }
  if (!Array.isArray(cur) && !isObject(cur)) throw unprocessable(`doc is missing path: "${pointer}"`);
  return [cur, tokens[tokens.length - 1]!];
}

function arrayIndex(arr: unknown[], token: string, pointer: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  const i = /^\d+$/.test(token) ? Number(token) : NaN;
  if (!(i >= 0 && i < arr.length + (forInsert ? 1 : 0))) throw unprocessable(`index out of range in "${pointer}"`);
  return i;
}

function read(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const [parent, last] = locate(doc, tokens, pointer);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, last, pointer, false)] : parent[last];
  if (value === undefined) throw unprocessable(`doc is missing path: "${pointer}"`);
  return value;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw unprocessable('cannot remove the whole document');
  const [parent, last] = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, pointer, false), 1)[0];
  if (!(last in parent)) throw unprocessable(`doc is missing path: "${pointer}"`);
  const value = parent[last];
  delete parent[last];
  return value;
}

function add(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const [parent, last] = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    if (replace) parent[arrayIndex(parent, last, pointer, false)] = value;
    else parent.splice(arrayIndex(parent, last, pointer, true), 0, value);
  } else {
    if (replace && !(last in parent)) throw unprocessable(`doc is missing path: "${pointer}"`);
    parent[last] = value;
  }
  return doc;
}

export function jsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of patch as Operation[]) {
    if (!isObject(raw)) throw badRequest('invalid json patch operation'); // does not decode: 400
    if (typeof raw.path !== 'string') throw unprocessable('operation missing path field');
    const value = structuredClone(raw.value);
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, value, false);
        break;
      case 'replace':
        doc = add(doc, raw.path, value, true);
        break;
      case 'remove':
        remove(doc, raw.path);
        break;
      case 'move': {
        const moved = remove(doc, raw.from ?? '');
        doc = add(doc, raw.path, moved, false);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, structuredClone(read(doc, raw.from ?? '')), false);
        break;
      case 'test':
        if (!deepEqual(read(doc, raw.path), raw.value)) throw unprocessable(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw unprocessable(`Unexpected kind: ${String(raw.op)}`);
    }
  }
  return doc;
}
