/** How the call pages write times, dates and money. */

/** A moment of a call (ms since it started) as `m:ss`, or `h:mm:ss` past the hour. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** An ISO timestamp in the reader's locale and time zone; '' for none. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A calendar day (`YYYY-MM-DD`) as the reader writes dates, without shifting it across time zones. */
export function calendarDay(day: string | null | undefined): string {
  if (!day) return '';
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? day
    : d.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** Whole currency units, as said on a call. */
export const dollars = (n: number) => `$${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

export const KIND_LABELS: Record<string, string> = {
  call: 'Call',
  consultation: 'Consultation',
  assistant: 'Assistant',
  collaboration: 'Collaboration',
};

export const STATUS_LABELS: Record<string, string> = {
  scheduled: 'Not started',
  active: 'In progress',
  ended: 'Ended',
};

/** `/calls/<id>`, at a moment of it when given (the transcript scrolls there and marks the word). */
export const callPath = (id: string, atMs?: number) =>
  `/calls/${encodeURIComponent(id)}${atMs === undefined ? '' : `?at=${Math.max(0, Math.round(atMs))}`}`;

/** `/calls/<id>?answer=1`: the call page joining the call at once with the microphone (an incoming call's Answer). */
export const answerPath = (id: string) => `${callPath(id)}?answer=1`;
