/** The notices the watcher puts on a query's status, worded for a banner or a connection panel. */
import type { StatusNotice } from '../status/queryStatus.js';

export const THROTTLED: StatusNotice = Object.freeze({
  reason: 'Throttled',
  message: 'The server is throttling requests (429): waiting as long as it asks, showing the last data received.',
});

export const EMPTY_WATCH_RELIST: StatusNotice = Object.freeze({
  reason: 'EmptyWatchRelist',
  message: 'Watches from the last known version kept closing at once without events: listing again.',
});

export const BUFFERING_PROXY: StatusNotice = Object.freeze({
  reason: 'BufferingProxy',
  message: 'A proxy holds watch responses until they end, so changes would show a whole watch late: polling, and trying to stream again now and then.',
});

export function fallbackNotice(cause: string): StatusNotice {
  return Object.freeze({ reason: 'StreamingListFallback', message: `Streaming lists are off for this cluster (${cause}): using list and watch.` });
}
