/**
 * The `paused` state: a hidden tab's query sleeps with nothing open (no
 * request, stream or timer). It keeps the version to resume from, and on
 * waking watches from it (a 410 there relists, and the relist replaces the
 * members as a diff), or lists if it had none or polls.
 */
import { apply, startListing, watchFrom } from './steps.js';
import type { Transition, TransitionOptions, WatchInput, WatchState } from './watchState.js';

type Paused = Extract<WatchState, { kind: 'paused' }>;

/** Sleep, from any state: nothing stays open; the version to resume from is kept. */
export function pause(state: WatchState): Transition {
  if (state.kind === 'idle' || state.kind === 'paused' || state.kind === 'failed') return [state, []];
  const resumeFrom = state.kind === 'watching' ? state.resourceVersion : state.kind === 'backingOff' ? state.resumeFrom : undefined;
  return [{ kind: 'paused', resumeFrom }, [{ type: 'idle' }, apply([{ type: 'status', paused: true }])]];
}

export function pausedStep(state: Paused, input: WatchInput, options: TransitionOptions): Transition {
  if (input.type !== 'resume') return [state, []];
  const [next, effects] = state.resumeFrom === undefined || options.transport === 'poll' ? startListing(options) : watchFrom(state.resumeFrom, options);
  return [next, [apply([{ type: 'status', paused: false }]), ...effects]];
}
