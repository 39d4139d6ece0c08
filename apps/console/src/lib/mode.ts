const params = new URLSearchParams(window.location.search);

/** `/?mock`: run against a fake cluster inside the page (msw service worker) instead of a server. */
export const MOCK_MODE = params.has('mock');

/** `/?streamingLists`: start watches with sendInitialEvents=true (the client's `streamingLists`). */
export const STREAMING_LISTS = params.has('streamingLists');
