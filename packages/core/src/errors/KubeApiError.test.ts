import { describe, expect, it } from 'vitest';
import { isAbortError, isKubeApiError, KubeApiError, type Status } from './KubeApiError.js';

const status = (code: number, reason: string, extra: Partial<Status> = {}): Status => ({ kind: 'Status', status: 'Failure', code, reason, message: `${reason}!`, ...extra });

describe('KubeApiError', () => {
  it('carries the Status: code, reason and message', () => {
    const error = new KubeApiError(status(404, 'NotFound', { message: 'pods "x" not found', details: { name: 'x', kind: 'pods' } }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KubeApiError');
    expect(error.code).toBe(404);
    expect(error.reason).toBe('NotFound');
    expect(error.message).toBe('pods "x" not found');
    expect(error.status.details?.name).toBe('x');
    expect(isKubeApiError(error)).toBe(true);
    expect(isKubeApiError(new Error('x'))).toBe(false);
  });

  it('makes a message from code and reason when the Status has none', () => {
    expect(new KubeApiError({ code: 503, reason: 'ServiceUnavailable', message: '' }).message).toBe('503 ServiceUnavailable');
  });

  it('takes retryAfterSeconds from the option (a header) before details.retryAfterSeconds', () => {
    const withDetails = status(429, 'TooManyRequests', { details: { retryAfterSeconds: 7 } });
    expect(new KubeApiError(withDetails).retryAfterSeconds).toBe(7);
    expect(new KubeApiError(withDetails, { retryAfterSeconds: 3 }).retryAfterSeconds).toBe(3);
    expect(new KubeApiError(status(500, 'InternalError')).retryAfterSeconds).toBeUndefined();
  });

  it.each([
    ['a network failure', KubeApiError.client('NetworkError', 'connection refused')],
    ['a timeout', KubeApiError.client('Timeout', 'no answer')],
    ['a broken stream', KubeApiError.client('MalformedStream', 'bad line')],
    ['500', new KubeApiError(status(500, 'InternalError'))],
    ['503', new KubeApiError(status(503, 'ServiceUnavailable'))],
    ['504', new KubeApiError(status(504, 'Timeout'))],
    ['429', new KubeApiError(status(429, 'TooManyRequests'))],
    ['408', new KubeApiError(status(408, 'Timeout'))],
    ['410', new KubeApiError(status(410, 'Expired'))],
  ])('classifies %s as retryable', (_, error) => {
    expect(error.retryable).toBe(true);
  });

  it.each([
    ['400', new KubeApiError(status(400, 'BadRequest'))],
    ['401', new KubeApiError(status(401, 'Unauthorized'))],
    ['403', new KubeApiError(status(403, 'Forbidden'))],
    ['404', new KubeApiError(status(404, 'NotFound'))],
    ['409', new KubeApiError(status(409, 'Conflict'))],
    ['422', new KubeApiError(status(422, 'Invalid'))],
    ['a non-JSON 200 (InvalidResponse)', KubeApiError.client('InvalidResponse', 'login page')],
    ['refused input (Invalid)', KubeApiError.invalid('bad name', 'metadata.name')],
  ])('classifies %s as not retryable', (_, error) => {
    expect(error.retryable).toBe(false);
  });

  it('recognizes an expired resourceVersion by code 410 or by reason', () => {
    expect(new KubeApiError(status(410, 'Gone')).isExpired).toBe(true);
    expect(new KubeApiError(status(500, 'Expired')).isExpired).toBe(true);
    expect(new KubeApiError(status(404, 'NotFound')).isExpired).toBe(false);
  });

  it('builds an Invalid Status for refused input, naming the field', () => {
    const error = KubeApiError.invalid('name "../x" is not valid', 'metadata.name');
    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 400,
      reason: 'Invalid',
      message: 'name "../x" is not valid',
      details: { causes: [{ reason: 'FieldValueInvalid', message: 'name "../x" is not valid', field: 'metadata.name' }] },
    });
  });

  it('gives code 0 and keeps the cause for a failure without an HTTP answer', () => {
    const cause = new TypeError('fetch failed');
    const error = KubeApiError.client('NetworkError', 'the request did not reach the server', cause);
    expect(error.code).toBe(0);
    expect(error.reason).toBe('NetworkError');
    expect(error.cause).toBe(cause);
  });
});

describe('isAbortError', () => {
  it('recognizes an AbortError by name', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(controller.signal.reason)).toBe(true);
    expect(isAbortError(new DOMException('stop', 'AbortError'))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });
});
