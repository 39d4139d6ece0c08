/**
 * Every failure a caller of rxkube can see is a KubeApiError carrying a
 * Kubernetes `Status`: the server's own when it sent one, otherwise one that
 * rxkube made in the same shape (code 0 for a request that never got an HTTP
 * answer). `retryable` says whether trying again can ever succeed; the watcher
 * retries those inside and surfaces only the others.
 */
export interface Status {
  kind?: 'Status';
  apiVersion?: 'v1';
  status?: 'Success' | 'Failure';
  /** HTTP status code; 0 when no HTTP answer was received. */
  code: number;
  reason: string;
  message: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
}

/** Reasons that rxkube itself gives, beside the server's own (NotFound, Conflict, Expired, ...). */
export type ClientReason =
  | 'Invalid' //            bad input refused before any request
  | 'NetworkError' //       no HTTP answer (connection refused, reset, DNS)
  | 'Timeout' //            no answer in time
  | 'InvalidResponse' //    a 2xx answer that is not the expected JSON (an SSO login page)
  | 'MalformedStream' //    a line of a stream that is not JSON, or too long
  | 'StreamError' //        a gRPC-gateway {"error": ...} envelope
  | 'ClientDisposed'; //    a call on a KubeClient after its dispose()

export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  readonly status: Status;
  /** Seconds from a Retry-After header or `details.retryAfterSeconds`. */
  readonly retryAfterSeconds: number | undefined;
  /** A write given up after conflicts (`mutate`): the object's version that won. */
  readonly current: unknown;

  constructor(status: Status, options: { retryAfterSeconds?: number; cause?: unknown; current?: unknown } = {}) {
    super(status.message || `${status.code} ${status.reason}`, { cause: options.cause });
    this.status = status;
    this.retryAfterSeconds = options.retryAfterSeconds ?? status.details?.retryAfterSeconds;
    this.current = options.current;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason;
  }

  /**
   * A server-side apply's 409: each field another manager owns with another
   * value, from the Status causes of type FieldManagerConflict (their message
   * reads `conflict with "kubectl" using apps/v1: .spec.replicas`).
   */
  get conflicts(): FieldConflict[] {
    return (this.status.details?.causes ?? [])
      .filter((cause) => cause.reason === 'FieldManagerConflict')
      .map((cause) => ({ field: cause.field ?? '', manager: /conflict with "([^"]*)"/.exec(cause.message ?? '')?.[1] ?? '', message: cause.message ?? '' }));
  }

  /** 410: the resourceVersion (or continue token) is older than the server keeps; list again. */
  get isExpired(): boolean {
    return this.status.code === 410 || this.status.reason === 'Expired' || this.status.reason === 'Gone';
  }

  /**
   * Whether the same request can succeed later without the caller changing
   * anything: transport failures, 5xx, 429, 408, 410 (after a relist) and broken
   * streams. 4xx answers (401, 403, 404, 400, 422, 409) and 501 will not change
   * by themselves, nor does a non-JSON 200 (a login page wants a human).
   */
  get retryable(): boolean {
    const { code, reason } = this.status;
    if (code === 0) return reason === 'NetworkError' || reason === 'Timeout' || reason === 'MalformedStream';
    // 501 Not Implemented will not start working by itself.
    return (code >= 500 && code !== 501) || code === 429 || code === 408 || code === 410;
  }

  static invalid(message: string, field?: string): KubeApiError {
    return new KubeApiError({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 400,
      reason: 'Invalid',
      message,
      details: { causes: [{ reason: 'FieldValueInvalid', message, ...(field ? { field } : {}) }] },
    });
  }

  static client(reason: ClientReason, message: string, cause?: unknown): KubeApiError {
    return new KubeApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 0, reason, message }, { cause });
  }
}

/** One field of a server-side apply conflict: who owns it. */
export interface FieldConflict {
  /** The field's path as the apiserver prints it, e.g. `.spec.replicas`. */
  field: string;
  /** The field manager that owns it. */
  manager: string;
  message: string;
}

export function isKubeApiError(error: unknown): error is KubeApiError {
  return error instanceof KubeApiError;
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'AbortError';
}
