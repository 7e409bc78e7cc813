import { useCallback, useEffect, useState } from 'react';

/** How long after another admin's change they are shown as typing. */
export const TYPING_MS = 3000;

/**
 * Who else is typing in a pad: each admin whose change arrived in the last {@link TYPING_MS}, and
 * `saw(author)` to call when one arrives.
 */
export function useTyping(): { typing: string[]; saw: (author: { id: string; name: string }) => void } {
  const [recent, setRecent] = useState<Record<string, { name: string; until: number }>>({});
  const saw = useCallback((author: { id: string; name: string }) => {
    setRecent((r) => ({ ...r, [author.id]: { name: author.name, until: Date.now() + TYPING_MS } }));
  }, []);
  useEffect(() => {
    const untils = Object.values(recent).map((t) => t.until);
    if (!untils.length) return;
    const timer = setTimeout(
      () => {
        const now = Date.now();
        setRecent((r) => Object.fromEntries(Object.entries(r).filter(([, t]) => t.until > now)));
      },
      Math.max(0, Math.min(...untils) - Date.now()) + 10,
    );
    return () => clearTimeout(timer);
  }, [recent]);
  return { typing: Object.values(recent).map((t) => t.name), saw };
}

/** "Ana is typing…", "Ana and Ben are typing…"; empty when nobody is. */
export function typingLine(names: string[]): string {
  if (!names.length) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
}
