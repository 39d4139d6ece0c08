/** `/?mock`: run against a fake cluster inside the page (msw service worker) instead of a server. */
export const MOCK_MODE = new URLSearchParams(window.location.search).has('mock');
