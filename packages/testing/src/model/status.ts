// Every failure the fake API reports is a metav1.Status with the code and
// reason a real kube-apiserver would send, so clients exercise the same
// branches (client-go's IsNotFound, IsConflict, IsResourceExpired...).
import type { Status, StatusCause } from 'kubernetes-types/meta/v1.js';

export type StatusReason =
  | 'NotFound'
  | 'Forbidden'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Expired'
  | 'Gone'
  | 'MethodNotAllowed'
  | 'TooManyRequests'
  | 'InternalError'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'Timeout';

/** A request the API refuses; carries the Status sent to the client. */
export class ApiError extends Error {
  readonly status: Status & { code: number };
  constructor(code: number, reason: StatusReason, message: string, details?: Status['details']) {
    super(message);
    this.name = 'ApiError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }
  get code(): number {
    return this.status.code;
  }
}

export interface Target {
  /** Plural resource, e.g. `pods` or `jobs.batch` as the apiserver spells it in messages. */
  resource: string;
  group: string;
  name?: string;
}

const qualified = (t: Target) => (t.group ? `${t.resource}.${t.group}` : t.resource);
// StatusDetails' fields are omitempty in Go: the core group's "" is left out.
const detailsOf = (t: Target) => ({ ...(t.name !== undefined ? { name: t.name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.resource });

export const notFound = (t: Target) =>
  new ApiError(404, 'NotFound', `${qualified(t)} "${t.name ?? ''}" not found`, detailsOf(t));

export const alreadyExists = (t: Target) =>
  new ApiError(409, 'AlreadyExists', `${qualified(t)} "${t.name ?? ''}" already exists`, detailsOf(t));

export const conflict = (t: Target) =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(t)} "${t.name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(t),
  );

export const invalid = (t: Target & { kind: string }, causes: StatusCause[]) =>
  new ApiError(
    422,
    'Invalid',
    `${t.kind} "${t.name ?? ''}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { name: t.name ?? '', group: t.group, kind: t.kind, causes },
  );

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

/** What a watch or list gets when its resourceVersion fell out of the history window. */
export const expired = (message: string) => new ApiError(410, 'Expired', message);

export const methodNotAllowed = (message = 'the server does not allow this method on the requested resource') =>
  new ApiError(405, 'MethodNotAllowed', message);

export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', {
    retryAfterSeconds,
  });

export const forbidden = (message: string) => new ApiError(403, 'Forbidden', message);

export const internalError = (message: string) =>
  new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });

export function successStatus(t: Target & { uid?: string }): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...detailsOf(t), ...(t.uid ? { uid: t.uid } : {}) },
  };
}

/** Any thrown value as an ApiError (unexpected exceptions become 500s). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return internalError(err instanceof Error ? err.message : String(err));
}
