/**
 * The `listing` state: a paged list (limit/continue) under way. A query is
 * listed completely before its members are replaced, so a subscriber never
 * sees a half list, and objects deleted while the watch was down disappear
 * with the next complete listing. After the list, a streaming query watches
 * from its resourceVersion; a polling one waits its interval (waiting.ts).
 */
import { isKubeApiError } from '../errors/KubeApiError.js';
import type { ListPage } from './events.js';
import { backOffOrFail } from './recovery.js';
import { apply, ready, watchFrom } from './steps.js';
import type { Transition, TransitionOptions, WatchInput, WatchState } from './watchState.js';

type Listing = Extract<WatchState, { kind: 'listing' }>;

/**
 * Whether a list failed because its continue token expired between pages.
 * Starting over from the first page may then never finish on a busy
 * collection: client-go's pager lists once in full, without `limit`, instead
 * (FullListIfExpired, staging/src/k8s.io/client-go/tools/pager/pager.go).
 * The watcher and the one-shot `listAll` both follow this rule.
 */
export function continueTokenExpired(error: unknown, continueToken: string | undefined): boolean {
  return continueToken !== undefined && continueToken !== '' && isKubeApiError(error) && error.isExpired;
}

export function listingStep(state: Listing, input: WatchInput, options: TransitionOptions): Transition {
  switch (input.type) {
    case 'listPage':
      return onListPage(state, input.page, options);
    case 'failed':
      if (continueTokenExpired(input.error, state.continueToken)) {
        return [{ kind: 'listing', pages: [], unpaged: true }, [{ type: 'list', unpaged: true }]];
      }
      return backOffOrFail(input.error, undefined, options);
    default:
      return [state, []];
  }
}

function onListPage(state: Listing, page: ListPage, options: TransitionOptions): Transition {
  const pages = [...state.pages, page.items];
  // The full list after an expired token is complete even if the server still sends a continue token.
  if (page.continueToken && !state.unpaged) {
    return [{ kind: 'listing', continueToken: page.continueToken, pages }, [{ type: 'list', continueToken: page.continueToken }]];
  }
  const listed = apply([{ type: 'replace', objects: pages.flat(), resourceVersion: page.resourceVersion }, ready(options)]);
  if (options.transport === 'poll') return [{ kind: 'betweenPolls' }, [listed, { type: 'wait', ms: options.pollIntervalMs }]];
  const [next, effects] = watchFrom(page.resourceVersion, options);
  return [next, [listed, ...effects]];
}
