/** What an invite message says: who invites whom, when, and the link. */
export interface InviteFacts {
  clientName: string;
  /** The business, as SMTP_FROM's display name gives it ("Booth" when it has none). */
  businessName: string;
  /** The admin who sends it. */
  hostName: string;
  joinUrl: string;
  /** Null: the consultation starts now. */
  scheduledAt: Date | null;
  /** The clock the time is said in (IANA). */
  timeZone: string;
}

/** "Tuesday, December 8, 2026 at 3:00 PM GMT" in the business's time zone; "now" when unscheduled. */
export function whenInWords(at: Date | null, timeZone: string): string {
  if (!at) return 'now: the room is open';
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}

/** "Tue, Dec 8, 3:00 PM GMT": the short form an SMS has room for. */
export function whenShort(at: Date | null, timeZone: string): string {
  if (!at) return 'now';
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}

/** The display name of an address such as `Garden Events <hello@garden.example>`. */
export function senderName(from: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(from);
  return m?.[1]?.trim() || 'Booth';
}

export const RECORDING_NOTICE = 'This consultation is recorded and transcribed';
