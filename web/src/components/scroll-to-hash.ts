import { useEffect } from 'react';
import { useLocation } from '../router';

/**
 * Once the page has its content (`ready`), scrolls the element the address's `#hash` names into view
 * and marks it (`data-target`): a link to one row (a callback task on the contact's page) lands on it.
 */
export function useScrollToHash(ready: boolean): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    let id: string;
    try {
      id = decodeURIComponent(hash);
    } catch {
      return;
    }
    const el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.setAttribute('data-target', 'true');
    return () => el.removeAttribute('data-target');
  }, [ready, hash]);
}
