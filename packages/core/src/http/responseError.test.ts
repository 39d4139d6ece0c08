import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import { parseRetryAfter, reasonForCode, responseError } from './responseError.js';

const json = (body: unknown, init: ResponseInit) => new Response(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the seconds until it, rounded up', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter(new Date(now + 1500).toUTCString(), now - 500)).toBe(2);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
  });

  it('gives undefined without a usable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('responseError', () => {
  it('keeps the server Status whole', async () => {
    const body = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'jobs.batch "pi" is forbidden: User "alice" cannot get resource "jobs"',
      reason: 'Forbidden',
      details: { name: 'pi', group: 'batch', kind: 'jobs' },
      code: 403,
    };
    const error = await responseError(json(body, { status: 403 }));
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error.status).toEqual(body);
    expect(error.message).toBe(body.message);
    expect(error.retryable).toBe(false);
  });

  it('reads Retry-After seconds from the header of a 429', async () => {
    const error = await responseError(json({ kind: 'Status', code: 429, reason: 'TooManyRequests', message: 'slow down' }, { status: 429, headers: { 'Retry-After': '5' } }));
    expect(error.code).toBe(429);
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.retryable).toBe(true);
  });

  it('falls back to details.retryAfterSeconds without a header', async () => {
    const error = await responseError(json({ kind: 'Status', code: 429, reason: 'TooManyRequests', message: 'x', details: { retryAfterSeconds: 9 } }, { status: 429 }));
    expect(error.retryAfterSeconds).toBe(9);
  });

  it('fills a missing code, reason and message from the HTTP answer', async () => {
    const error = await responseError(json({ kind: 'Status', status: 'Failure' }, { status: 410 }));
    expect(error.status).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired', message: '' });
    expect(error.isExpired).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it('gives a typed error with the HTTP code for a proxy HTML page', async () => {
    const response = new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } });
    const error = await responseError(response);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error.status).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 502, reason: 'BadGateway', message: 'the server answered 502 Bad Gateway' });
    expect(error.retryable).toBe(true);
  });

  it('gives a typed error for a JSON body that is not a Status', async () => {
    const error = await responseError(json({ error: 'nope' }, { status: 401 }));
    expect(error.code).toBe(401);
    expect(error.reason).toBe('Unauthorized');
    expect(error.retryable).toBe(false);
  });

  it('gives a typed error for an empty body, naming the reason when there is no status text', async () => {
    const error = await responseError(new Response(null, { status: 503, headers: { 'Retry-After': '12' } }));
    expect(error.code).toBe(503);
    expect(error.reason).toBe('ServiceUnavailable');
    expect(error.message).toBe('the server answered 503 ServiceUnavailable');
    expect(error.retryAfterSeconds).toBe(12);
  });

  it('names unknown codes', () => {
    expect(reasonForCode(418)).toBe('Unknown');
    expect(reasonForCode(599)).toBe('InternalError');
    expect(reasonForCode(422)).toBe('Invalid');
  });
});
