import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/** How long after scrolling to the word ourselves its scroll events are ours, not the reader's. */
const OWN_SCROLL_MS = 900;
/** How long after the reader's wheel, touch, key or scrollbar press a scroll is theirs. */
const USER_SCROLL_MS = 1_200;
/** Keys that scroll the page (when not typed into a field). */
const SCROLL_KEYS = new Set(['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', ' ']);

/** The part of the viewport not covered by the player (stuck to the top on wide screens, the bottom on phones). */
function visibleBand(): { top: number; bottom: number } {
  const player = document.querySelector('.recording-player')?.getBoundingClientRect();
  const h = window.innerHeight;
  if (!player || player.height === 0) return { top: 0, bottom: h };
  return player.top > h / 2 ? { top: 0, bottom: player.top } : { top: Math.max(0, player.bottom), bottom: h };
}

function inBand(el: Element): boolean {
  const r = el.getBoundingClientRect();
  const band = visibleBand();
  return r.bottom > band.top && r.top < band.bottom;
}

/**
 * Keeps the word being played (`[data-playing="true"]` under `root`) in sight while it moves — unless
 * the reader scrolled it out of sight, which stops following until they scroll back to it or call
 * `resume`. `playingKey` changes whenever another word is being played.
 */
export function useFollow(
  root: RefObject<HTMLElement | null>,
  playingKey: string,
  playing: boolean,
): { following: boolean; resume: () => void } {
  const [following, setFollowing] = useState(true);
  const ownScrollUntil = useRef(0);
  const userScrolledAt = useRef(0);

  const show = useCallback(
    (force: boolean) => {
      const el = root.current?.querySelector('[data-playing="true"]');
      if (!el || (!force && (inBand(el) || Date.now() - userScrolledAt.current < USER_SCROLL_MS))) return;
      ownScrollUntil.current = Date.now() + OWN_SCROLL_MS;
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      el.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
    },
    [root],
  );

  useEffect(() => {
    if (playing && following && playingKey) show(false);
  }, [playingKey, playing, following, show]);

  useEffect(() => {
    if (!playing) return;
    const intent = () => {
      userScrolledAt.current = Date.now();
    };
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]');
      if (SCROLL_KEYS.has(e.key) && !typing) intent();
    };
    // A press on the page's own scrollbar lands on the document element.
    const onPress = (e: MouseEvent) => {
      if (e.target === document.documentElement) intent();
    };
    const onScroll = () => {
      const theirs = Date.now() - userScrolledAt.current < USER_SCROLL_MS;
      if (!theirs && Date.now() < ownScrollUntil.current) return;
      const el = root.current?.querySelector('[data-playing="true"]');
      if (el) setFollowing(inBand(el));
    };
    const passive = { passive: true } as const;
    window.addEventListener('wheel', intent, passive);
    window.addEventListener('touchmove', intent, passive);
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onPress);
    window.addEventListener('scroll', onScroll, passive);
    return () => {
      window.removeEventListener('wheel', intent);
      window.removeEventListener('touchmove', intent);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onPress);
      window.removeEventListener('scroll', onScroll);
    };
  }, [playing, root]);

  const resume = useCallback(() => {
    setFollowing(true);
    show(true);
  }, [show]);
  return { following, resume };
}
