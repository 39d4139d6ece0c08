/**
 * The `streamingList` state: a watch with sendInitialEvents=true whose
 * synthetic ADDED events are the list, complete at the BOOKMARK annotated
 * initial-events-end; the same stream then goes on as a plain watch.
 *
 * A streaming list that cannot be trusted to be complete is never shown:
 * compressed (browsers may decode only the first gzip member), ended or gone
 * quiet before its bookmark, or refused by an older server. Then the query,
 * and through the `fallBack` effect its whole cluster, lists with list+watch.
 */
import type { CacheOp } from '../cache/cacheOp.js';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { eventProblem } from './eventProblem.js';
import { INITIAL_EVENTS_END, type WatchEvent } from './events.js';
import { fallbackNotice } from './notices.js';
import { backOffOrFail } from './recovery.js';
import { apply, quietDeadline, ready, stallDeadline, STREAMING_LIST_QUIET_MS } from './steps.js';
import { onEvents } from './watching.js';
import type { Transition, TransitionOptions, WatchInput, WatchState } from './watchState.js';

type StreamingList = Extract<WatchState, { kind: 'streamingList' }>;

export function streamingListStep(state: StreamingList, input: WatchInput, options: TransitionOptions): Transition {
  switch (input.type) {
    case 'streamOpened':
      // Chromium decodes only the first gzip member of such a body (one member per flush): the list would come incomplete.
      if (input.compressed === true) return fallBack('the streaming list came gzip-compressed, which browsers may truncate');
      return [{ ...state, opened: true }, []];
    case 'events':
      return onInitialEvents(state, input.events, options);
    case 'streamEnded':
      // A whole response without the initial-events-end bookmark: a server that
      // does not know sendInitialEvents (it sent a plain watch), or a body cut short.
      return fallBack('the streaming list ended without its initial-events-end bookmark');
    case 'deadlinePassed':
      if (state.opened) return fallBack(`the streaming list sent nothing for ${STREAMING_LIST_QUIET_MS / 1000} s before its initial-events-end bookmark`);
      return streamingListFailed(KubeApiError.client('Timeout', 'no answer to the watch before its deadline'), options);
    case 'failed':
      return streamingListFailed(input.error, options);
    default:
      return [state, []];
  }
}

function streamingListFailed(error: KubeApiError, options: TransitionOptions): Transition {
  // An older server rejects sendInitialEvents.
  if (error.code === 400 || error.code === 422) return fallBack(`the server refused sendInitialEvents (${error.code} ${error.reason})`);
  return backOffOrFail(error, undefined, options);
}

function onInitialEvents(state: StreamingList, events: readonly WatchEvent[], options: TransitionOptions): Transition {
  const page: KubeObject[] = [];
  for (const event of events) {
    const problem = eventProblem(event);
    if (problem) return streamingListFailed(problem, options);
    const object = event.object as KubeObject;
    if (event.type === 'ADDED' || event.type === 'MODIFIED') page.push(object);
    if (event.type === 'BOOKMARK' && object.metadata?.annotations?.[INITIAL_EVENTS_END] === 'true') {
      const resourceVersion = object.metadata.resourceVersion ?? '';
      const objects = [...state.pages, page].flat();
      const ops: CacheOp[] = [{ type: 'replace', objects, resourceVersion }, ready(options)];
      // Events after the bookmark in the same batch belong to the watch that continues on this stream.
      const { now } = options;
      const [next, effects] = onEvents(
        { kind: 'watching', resourceVersion, received: true, opened: true, emptyStreams: 0, startedAt: now, heardAt: now, firstDataAt: now },
        events.slice(events.indexOf(event) + 1),
        options,
      );
      return [next, [apply(ops), stallDeadline(options), ...effects]];
    }
  }
  const pages = page.length > 0 ? [...state.pages, page] : state.pages;
  // Any data restarts the quiet deadline; a stream that stops sending before its bookmark is not trusted.
  return [{ ...state, pages }, [quietDeadline()]];
}

/** Streaming lists are off for this cluster from now on; this query lists at once. */
function fallBack(cause: string): Transition {
  const notice = fallbackNotice(cause);
  const pending: CacheOp = { type: 'status', phase: 'reconnecting', notice };
  return [{ kind: 'listing', pages: [] }, [{ type: 'fallBack', notice }, apply([pending]), { type: 'list' }]];
}
