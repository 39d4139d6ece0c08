// Response builders. Every body is JSON except the injected login page and
// the OpenAPI v2 protobuf; errors are always a metav1.Status.
import type { ApiError } from '../model/status.js';

const JSON_TYPE = 'application/json';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-cache, private', ...headers },
  });
}

export function errorResponse(err: ApiError, headers: Record<string, string> = {}): Response {
  const retryAfter = err.status.details?.retryAfterSeconds;
  return jsonResponse(err.code, err.status, retryAfter !== undefined ? { 'retry-after': String(retryAfter), ...headers } : headers);
}

/** A streaming body (watch, export): chunked, flushed as it is written. */
export function streamResponse(body: ReadableStream<Uint8Array<ArrayBuffer>>, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-cache, private', 'x-content-type-options': 'nosniff', ...headers },
  });
}

/**
 * API Priority and Fairness turning a request away: the matched flow schema's
 * and priority level's UIDs, `Retry-After`, and Go's http.Error text, not a
 * Status (staging/src/k8s.io/apiserver/pkg/server/filters/priority-and-fairness.go
 * and tooManyRequests in maxinflight.go).
 */
export const throttledResponse = (retryAfterSeconds: number) =>
  new Response('Too many requests, please try again later.\n', {
    status: 429,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'retry-after': String(retryAfterSeconds),
      'x-kubernetes-pf-flowschema-uid': 'rxkube-fake-flowschema-uid',
      'x-kubernetes-pf-prioritylevel-uid': 'rxkube-fake-prioritylevel-uid',
    },
  });

export const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign in</title></head>
<body><form method="post" action="/oauth2/sign_in"><h1>Sign in to continue</h1>
<input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>
`;

export const htmlLoginResponse = () =>
  new Response(LOGIN_PAGE, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
