/**
 * Turns a non-2xx answer into a KubeApiError. The server's own `Status` is
 * kept whole when the body is one; a proxy's HTML or text error page becomes a
 * Status with the HTTP code and a reason named after it.
 */
import { KubeApiError, type Status } from '../errors/KubeApiError.js';

const REASONS: { readonly [code: number]: string } = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  406: 'NotAcceptable', 408: 'Timeout', 409: 'Conflict', 410: 'Expired', 413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError',
  502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'Timeout',
};

export function reasonForCode(code: number): string {
  return REASONS[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function isStatus(value: unknown): value is Partial<Status> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** Reads the body once; the response is consumed afterwards. */
export async function responseError(response: Response): Promise<KubeApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const code = response.status;
  if (isStatus(body)) {
    const status: Status = {
      ...body,
      kind: 'Status',
      code: typeof body.code === 'number' && body.code > 0 ? body.code : code,
      reason: typeof body.reason === 'string' && body.reason ? body.reason : reasonForCode(code),
      message: typeof body.message === 'string' ? body.message : '',
    };
    return new KubeApiError(status, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
  }
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason: reasonForCode(code),
    message: `the server answered ${code} ${response.statusText || reasonForCode(code)}`.trim(),
  };
  return new KubeApiError(status, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
}
