import type { PhoneCallFields } from '@booth/shared/api';

/** How the call pages word phone calls: direction, duration, the callback task and lost transcripts. */

export const DIRECTION_LABELS = { inbound: 'Incoming', outbound: 'Outgoing' } as const;
/** Arrows beside the label (hidden from screen readers: the label says it). */
export const DIRECTION_ICONS = { inbound: '↙', outbound: '↗' } as const;

/** What an untranscribed call says instead of a transcript. */
export const UNTRANSCRIBED_TEXT = 'Connected without Booth: no transcript';

/** A call's length: "25 s", "4 min 05 s", "1 h 02 min". */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** Where a callback task is: its row on the contact's page (tasks there are all listed), else the tasks page. */
export function callbackHref(contactId: string | null, taskId: string): string {
  return contactId
    ? `/contacts/${encodeURIComponent(contactId)}#task-${encodeURIComponent(taskId)}`
    : '/tasks?due=all&status=open';
}

/** Whether a session is a phone call. */
export const isPhoneCall = (s: Pick<PhoneCallFields, 'phoneVia'>) => s.phoneVia !== null;

/**
 * A number as people read it, in the browser without a phone library (the API sends `phoneDisplay`
 * where it can): North American E.164 as "+1 555 123 4567", anything else as sent.
 */
export function phoneText(raw: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(raw);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : raw;
}
