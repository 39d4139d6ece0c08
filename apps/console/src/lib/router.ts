// A tiny hash router: `#/jobs/testhl/pi?cluster=calico3&ns=testhl`. The path
// says what to show, the query says where (cluster, namespace), so every view
// is a link that can be shared or opened directly (the e2e tests do).
import { useSyncExternalStore } from 'react';

export interface Location {
  readonly path: readonly string[];
  readonly params: URLSearchParams;
}

let cachedHash: string | undefined;
let cached: Location = { path: [], params: new URLSearchParams() };

function read(): Location {
  const hash = window.location.hash;
  if (hash === cachedHash) return cached;
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  cachedHash = hash;
  cached = { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
  return cached;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, read);
}

/** `#/a/b?x=1`; empty params are left out. */
export function href(path: readonly string[], params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const q = query.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
}

export function navigate(to: string): void {
  window.location.hash = to;
}
