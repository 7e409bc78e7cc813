import { KIND_LABELS, STATUS_LABELS } from './call-format';

/** A session's status as a badge (in progress, not started, ended; a phone call nobody answered: missed). */
export function CallStatus({ status, missed = false }: { status: string; missed?: boolean }) {
  if (missed) return <span className="call-status call-status-missed">Missed call</span>;
  return <span className={`call-status call-status-${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}

/** A session's kind in words. */
export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;
