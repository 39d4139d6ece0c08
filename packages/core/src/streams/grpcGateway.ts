/**
 * gRPC-gateway server streams wrap each message: `{"result": <message>}`, or
 * `{"error": {"code", "message", "details"}}` (a google.rpc.Status) when the
 * stream fails. The error's gRPC code maps to the HTTP code the gateway itself
 * would use, so that `retryable` means the same as for any KubeApiError.
 */
import { KubeApiError } from '../errors/KubeApiError.js';
import { reasonForCode } from '../http/responseError.js';

export interface GatewayStatus {
  code?: number;
  message?: string;
  details?: unknown[];
}

const HTTP_FOR_GRPC: { readonly [code: number]: number } = {
  1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409,
  11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401,
};

export function gatewayError(error: GatewayStatus): KubeApiError {
  const code = HTTP_FOR_GRPC[error.code ?? 2] ?? 500;
  return new KubeApiError({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason: reasonForCode(code),
    message: error.message ?? `the stream failed with gRPC code ${error.code}`,
    details: { causes: [{ reason: 'StreamError', message: `grpc code ${error.code ?? 'unknown'}` }] },
  });
}

/**
 * The message inside an envelope; values without one pass unchanged. The
 * envelope is the StreamResult message, so a gateway may write its unused
 * field as null (`{"result": null, "error": {...}}`): that is still an error.
 */
export function unwrapGatewayEnvelope(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { result, error } = value as { result?: unknown; error?: unknown };
  if (error && result == null) throw gatewayError(error as GatewayStatus);
  const keys = Object.keys(value);
  if ('result' in value && (keys.length === 1 || (keys.length === 2 && error === null))) return result;
  return value;
}
