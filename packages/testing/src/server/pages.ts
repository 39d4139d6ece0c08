// Static files served beside the API on the fake's own origin, e.g. a test
// page that must be same-origin with the API (resource timing, Web Locks).
// Only exact paths and GET/HEAD; every other request goes to the API.
import type { ApiCore } from '../api/core.js';

export interface StaticPage {
  contentType: string;
  body: string | Uint8Array;
}

export function withPages(core: ApiCore, pages: Readonly<Record<string, StaticPage>>): ApiCore {
  return {
    get model() {
      return core.model;
    },
    get faults() {
      return core.faults;
    },
    get requests() {
      return core.requests;
    },
    owns: (url) => url.pathname in pages || core.owns(url),
    shutdown: () => core.shutdown(),
    handle(request) {
      const page = Object.hasOwn(pages, new URL(request.url).pathname) ? pages[new URL(request.url).pathname] : undefined;
      if (!page || (request.method !== 'GET' && request.method !== 'HEAD')) return core.handle(request);
      const body = typeof page.body === 'string' ? page.body : new Uint8Array(page.body);
      return Promise.resolve(new Response(body, { headers: { 'content-type': page.contentType, 'cache-control': 'no-store' } }));
    },
  };
}
