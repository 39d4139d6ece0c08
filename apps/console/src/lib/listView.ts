// Which view a list page asks the library for, read from the URL (`?view=`)
// so that a link keeps it. The console's default is its choice, not the
// library's: a table of the server's columns for list pages; detail pages
// always read full objects.
import type { ResourceView } from '@rxkube/core';
import { navigate, useLocation } from './router.ts';

export const VIEWS: readonly ResourceView[] = ['table', 'metadata', 'full'];

export function useListView(fallback: ResourceView = 'table'): [ResourceView, (view: ResourceView) => void] {
  const { path, params } = useLocation();
  const asked = params.get('view');
  const view = VIEWS.find((v) => v === asked) ?? fallback;
  const choose = (next: ResourceView) => {
    const query = new URLSearchParams(params);
    query.set('view', next);
    navigate(`#/${path.map(encodeURIComponent).join('/')}?${query.toString()}`);
  };
  return [view, choose];
}
