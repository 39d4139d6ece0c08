/**
 * The watcher of one query as a pure state machine, after kube-rs's
 * `watcher.rs`, with the I/O moved out into effects that `runWatch` performs.
 * `transition` is the one entry point; each state has its own file, which
 * says what the state means and how it answers each input:
 *
 *   idle ──start──▶ listing (listing.ts) ──last page──▶ watching (watching.ts)
 *        └────────▶ streamingList (streamingList.ts) ──initial-events-end──▶ watching
 *   failures ──▶ backingOff (waiting.ts, recovery.ts) ──retry──▶ watching or listing
 *   polling: listing ──▶ betweenPolls (waiting.ts) ──retry──▶ listing
 *   any ──pause──▶ paused (paused.ts) ──resume──▶ watching or listing
 *   a failure retrying cannot fix ──▶ failed (ignores everything)
 *
 * Streaming and polling are two modes of it: a polling query lists, rests for
 * the poll interval and lists again; both share the listing, the cache ops,
 * the backoff and the clock.
 */
import { listingStep } from './listing.js';
import { pause, pausedStep } from './paused.js';
import { startListing, watchFrom } from './steps.js';
import { streamingListStep } from './streamingList.js';
import { waitingStep } from './waiting.js';
import { watchingStep } from './watching.js';
import type { Transition, TransitionOptions, WatchInput, WatchState } from './watchState.js';

export type { Transition, TransitionOptions, WatchEffect, WatchInput, WatchState, Watching } from './watchState.js';
export { STALL_MARGIN_MS, STREAMING_LIST_QUIET_MS } from './steps.js';
export { EMPTY_STREAMS_BEFORE_RELIST, SHORT_WATCH_MS } from './watching.js';
export { continueTokenExpired } from './listing.js';

export function transition(state: WatchState, input: WatchInput, options: TransitionOptions): Transition {
  if (state.kind === 'failed') return [state, []];
  if (input.type === 'start') {
    return input.resumeFrom !== undefined && options.transport === 'stream' ? watchFrom(input.resumeFrom, options) : startListing(options);
  }
  if (input.type === 'pause') return pause(state);
  switch (state.kind) {
    case 'idle':
      return [state, []];
    case 'listing':
      return listingStep(state, input, options);
    case 'streamingList':
      return streamingListStep(state, input, options);
    case 'watching':
      return watchingStep(state, input, options);
    case 'backingOff':
    case 'betweenPolls':
      return waitingStep(state, input, options);
    case 'paused':
      return pausedStep(state, input, options);
  }
}
