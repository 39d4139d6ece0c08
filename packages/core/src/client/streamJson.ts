/**
 * A generic JSON-lines stream as an Observable, for endpoints beside the
 * Kubernetes API such as a gRPC-gateway export (`/v1/export/pods`): each line's
 * value (unwrapped from its `{"result": ...}` envelope) is emitted; an
 * `{"error": ...}` envelope or a broken line errors the Observable; the end of
 * the response completes it; unsubscribing aborts the request.
 */
import { Observable } from 'rxjs';
import { isAbortError, KubeApiError } from '../errors/KubeApiError.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import { unwrapGatewayEnvelope } from '../streams/grpcGateway.js';
import { readJsonLineBatches } from '../streams/readJsonLines.js';
import { queryString, type QueryValue } from '../urls/query.js';
import { clusterPath, type ClusterPrefix } from '../urls/resourcePath.js';

export interface StreamJsonOptions {
  cluster?: string | undefined;
  query?: { readonly [key: string]: QueryValue };
  /** Unwrap gRPC-gateway envelopes; default true. */
  unwrap?: boolean;
}

const SAFE_PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

export function streamJson<T>(http: KubeHttp, prefix: ClusterPrefix | undefined, path: string, options: StreamJsonOptions = {}): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    const run = async () => {
      if (!SAFE_PATH.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..')) {
        throw KubeApiError.invalid(`stream path ${JSON.stringify(path)} must be an absolute path of plain segments`, 'path');
      }
      const url = clusterPath(options.cluster, prefix) + path + queryString(options.query ?? {});
      const body = await http.stream(url, { cluster: options.cluster, signal: controller.signal });
      for await (const batch of readJsonLineBatches(body)) {
        for (const value of batch) {
          if (subscriber.closed) return;
          subscriber.next((options.unwrap === false ? value : unwrapGatewayEnvelope(value)) as T);
        }
      }
      subscriber.complete();
    };
    run().catch((error: unknown) => {
      if (!(isAbortError(error) && controller.signal.aborted)) subscriber.error(error);
    });
    return () => controller.abort();
  });
}
