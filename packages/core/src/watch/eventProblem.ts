/** What makes a watch event unusable: a broken event, or an ERROR event's Status, as a typed error. */
import { KubeApiError, type Status } from '../errors/KubeApiError.js';
import type { WatchEvent } from './events.js';

/** A typed error for an event the store cannot use, or an ERROR event's Status. */
export function eventProblem(event: WatchEvent): KubeApiError | undefined {
  if (typeof event !== 'object' || event === null || typeof event.object !== 'object' || event.object === null) {
    return KubeApiError.client('MalformedStream', 'a watch event without an object');
  }
  switch (event.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
    case 'BOOKMARK':
      return undefined;
    case 'ERROR': {
      const status = event.object as Partial<Status>;
      const code = typeof status.code === 'number' ? status.code : 500;
      // details carries retryAfterSeconds (e.g. a 504 ResourceVersionTooLarge asks for 1 s), which the backoff honours.
      const details = typeof status.details === 'object' && status.details !== null ? { details: status.details } : {};
      return new KubeApiError({ kind: 'Status', code, reason: status.reason ?? 'InternalError', message: status.message ?? 'watch ERROR event', ...details });
    }
    default:
      return KubeApiError.client('MalformedStream', `unknown watch event type ${JSON.stringify((event as { type: unknown }).type)}`);
  }
}
