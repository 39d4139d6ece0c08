import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import { thrownKubeApiError } from '../../test/thrownKubeApiError.js';
import { gatewayError, unwrapGatewayEnvelope } from './grpcGateway.js';
import { readJsonLines } from './readJsonLines.js';

describe('unwrapGatewayEnvelope', () => {
  it('unwraps {"result": ...}', () => {
    const pod = { pod: { name: 'web-1', namespace: 'testhl' } };
    expect(unwrapGatewayEnvelope({ result: pod })).toBe(pod);
  });

  it('passes values without an envelope unchanged', () => {
    const value = { metadata: { name: 'x' }, result: 1 };
    expect(unwrapGatewayEnvelope(value)).toBe(value);
    expect(unwrapGatewayEnvelope(42)).toBe(42);
    expect(unwrapGatewayEnvelope(null)).toBe(null);
    expect(unwrapGatewayEnvelope('text')).toBe('text');
  });

  it('turns {"error": {code: 14}} (UNAVAILABLE) into a retryable 503', () => {
    const error = thrownKubeApiError(() => unwrapGatewayEnvelope({ error: { code: 14, message: 'upstream connect error', details: [] } }));
    expect(error.code).toBe(503);
    expect(error.reason).toBe('ServiceUnavailable');
    expect(error.message).toBe('upstream connect error');
    expect(error.retryable).toBe(true);
    expect(error.status.details?.causes?.[0]).toEqual({ reason: 'StreamError', message: 'grpc code 14' });
  });

  it('turns {"error": {code: 7}} (PERMISSION_DENIED) into a 403 that is not retryable', () => {
    const error = thrownKubeApiError(() => unwrapGatewayEnvelope({ error: { code: 7, message: 'denied' } }));
    expect(error.code).toBe(403);
    expect(error.reason).toBe('Forbidden');
    expect(error.retryable).toBe(false);
  });

  it('also recognizes an envelope whose other field is null', () => {
    expect(unwrapGatewayEnvelope({ result: { a: 1 }, error: null })).toEqual({ a: 1 });
    expect(thrownKubeApiError(() => unwrapGatewayEnvelope({ result: null, error: { code: 16, message: 'who are you' } })).code).toBe(401);
  });
});

describe('gatewayError', () => {
  it('maps gRPC codes to the HTTP codes the gateway uses', () => {
    expect(gatewayError({ code: 5 }).code).toBe(404);
    expect(gatewayError({ code: 8 }).code).toBe(429);
    expect(gatewayError({ code: 4 }).code).toBe(504);
    expect(gatewayError({ code: 16 }).code).toBe(401);
  });

  it('gives 500 for an unknown or missing code', () => {
    expect(gatewayError({ code: 99, message: 'x' }).code).toBe(500);
    const error = gatewayError({});
    expect(error.code).toBe(500);
    expect(error.retryable).toBe(true);
  });
});

describe('a gRPC-gateway stream read line by line', () => {
  it('yields the unwrapped results until an error envelope', async () => {
    const text = '{"result":{"pod":{"name":"a"}}}\n{"result":{"pod":{"name":"b"}}}\n{"error":{"code":14,"message":"gone away"}}\n';
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const seen: unknown[] = [];
    let failure: unknown;
    try {
      for await (const value of readJsonLines(stream)) seen.push(unwrapGatewayEnvelope(value));
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([{ pod: { name: 'a' } }, { pod: { name: 'b' } }]);
    expect(failure).toBeInstanceOf(KubeApiError);
    expect((failure as KubeApiError).code).toBe(503);
  });
});
