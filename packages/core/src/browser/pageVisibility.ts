/**
 * Whether the page is hidden (a background tab, a minimized window), as the
 * Page Visibility API says. Injectable, so that tests can hide a page in Node
 * and on virtual time; in a browser the default reads `document`.
 */
export interface PageVisibility {
  readonly hidden: boolean;
  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/** The document's visibility, or undefined outside a browser (Node never sleeps). */
export function documentVisibility(): PageVisibility | undefined {
  if (typeof document === 'undefined' || typeof document.addEventListener !== 'function') return undefined;
  return {
    get hidden() {
      return document.visibilityState === 'hidden';
    },
    subscribe(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}
