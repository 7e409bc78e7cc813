/** How long a row stays marked, and how long the page may take to show it (its list loads first). */
const MARK_MS = 3000;
const WAIT_MS = 10_000;

/** The attribute list rows carry their id in, for the assistant to mark the one it opened. */
export const ROW_ID_ATTRIBUTE = 'data-row-id';

const rowSelector = (id: string) => `[${ROW_ID_ATTRIBUTE}="${CSS.escape(id)}"]`;

function mark(el: Element): () => void {
  el.classList.add('assistant-highlight');
  el.setAttribute('data-highlighted', 'true');
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const timer = setTimeout(unmark, MARK_MS);
  function unmark() {
    clearTimeout(timer);
    el.classList.remove('assistant-highlight');
    el.removeAttribute('data-highlighted');
  }
  return unmark;
}

/**
 * Marks the element with `data-row-id=<id>` briefly (a class and `data-highlighted`, scrolled into
 * view), as soon as the page shows it (within 10 s: the page just navigated and loads its list).
 * Returns a function that stops waiting and removes the mark.
 */
export function highlightRow(id: string): () => void {
  const found = document.querySelector(rowSelector(id));
  if (found) return mark(found);
  let unmark: (() => void) | undefined;
  const observer = new MutationObserver(() => {
    const el = document.querySelector(rowSelector(id));
    if (!el) return;
    stop();
    unmark = mark(el);
  });
  const timer = setTimeout(() => stop(), WAIT_MS);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  return () => {
    stop();
    unmark?.();
  };
}
