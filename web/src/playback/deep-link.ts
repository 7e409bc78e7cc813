/**
 * The moment a call page's address points at, in ms of the call (the clock of transcript segments,
 * words and the playback file): `?at=<ms>` (what every Booth link writes: search results,
 * suggestions, tracker hits), `?t=<ms>` and `#t=<ms>` as short forms; `t` also takes seconds with a
 * unit or a clock (`t=95s`, `t=1m35s`, `t=1:35`), as people paste from other players.
 */
const MS = /^\d{1,10}$/;
const SECONDS = /^(\d{1,6}(?:\.\d{1,3})?)s$/;
const MINUTES = /^(?:(\d{1,4})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s)?$/;
const CLOCK = /^(?:(\d{1,4}):)?(\d{1,4}):(\d{2})$/;

/** A `t` value as ms, or undefined when it is none of the forms above. */
export function parseMoment(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (MS.test(v)) return Number(v);
  const s = SECONDS.exec(v);
  if (s) return Math.round(Number(s[1]) * 1000);
  const c = CLOCK.exec(v);
  if (c) return ((Number(c[1] ?? 0) * 60 + Number(c[2])) * 60 + Number(c[3])) * 1000;
  const m = MINUTES.exec(v);
  if (m && (m[1] ?? m[2] ?? m[3]) !== undefined) {
    return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
  }
  return undefined;
}

/** The moment of a call page's address: `?at=`, else `?t=`, else `#t=` (undefined: none or unreadable). */
export function momentOf(query: URLSearchParams, hash: string): number | undefined {
  const at = query.get('at');
  if (at !== null && MS.test(at)) return Number(at);
  const t = parseMoment(query.get('t'));
  if (t !== undefined) return t;
  return hash.startsWith('t=') ? parseMoment(hash.slice(2)) : undefined;
}
