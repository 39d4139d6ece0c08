/**
 * The two waiting states. `backingOff`: a failure is being waited out (the
 * driver's backoff, never shorter than Retry-After); then the watch resumes
 * from its version, or lists again. `betweenPolls`: a polling query rests for
 * its interval after a list; then it lists again. Polling is a mode of the
 * same machine: it shares the listing, the backoff and the clock. Both states
 * have nothing open, so stream inputs and failures are ignored.
 */
import { startListing, watchFrom } from './steps.js';
import type { Transition, TransitionOptions, WatchInput, WatchState } from './watchState.js';

type Waiting = Extract<WatchState, { kind: 'backingOff' | 'betweenPolls' }>;

export function waitingStep(state: Waiting, input: WatchInput, options: TransitionOptions): Transition {
  if (input.type !== 'retry') return [state, []];
  if (state.kind === 'betweenPolls' || state.resumeFrom === undefined) return startListing(options);
  return watchFrom(state.resumeFrom, options, state.emptyStreams);
}
