import type { Navigation } from '@booth/shared/api';
import { navigate } from '../router';
import { highlightRow } from './highlight';

/**
 * `path` as a path of this dashboard (`/contacts?leadStatus=new`), or undefined for anything that
 * would leave it: another origin, a protocol-relative `//host`, the API itself.
 */
export function dashboardPath(path: string): string | undefined {
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(path, window.location.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== window.location.origin) return undefined;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return undefined;
  return url.pathname + url.search + url.hash;
}

/**
 * Goes where the assistant said (a dashboard path only) and marks the row it opened. Returns the
 * path gone to, or undefined when it was refused; and a function that removes the mark.
 */
export function follow(nav: Navigation): { path: string | undefined; clear: () => void } {
  const path = dashboardPath(nav.path);
  if (!path) {
    console.warn('booth: ignored a navigation outside the dashboard', { path: nav.path });
    return { path: undefined, clear: () => undefined };
  }
  navigate(path);
  return { path, clear: nav.highlight ? highlightRow(nav.highlight) : () => undefined };
}
