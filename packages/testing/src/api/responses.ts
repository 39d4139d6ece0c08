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

export const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign in</title></head>
<body><form method="post" action="/oauth2/sign_in"><h1>Sign in to continue</h1>
<input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>
`;

export const htmlLoginResponse = () =>
  new Response(LOGIN_PAGE, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
