import type { PhoneCallFields } from '@booth/shared/api';
import { Link } from '../router';
import {
  DIRECTION_ICONS,
  DIRECTION_LABELS,
  UNTRANSCRIBED_TEXT,
  callbackHref,
  durationText,
} from './phone-call-format';

export type PhoneCall = PhoneCallFields & { contactId: string | null };

/** A phone call's direction as an arrow and a word ("Incoming", "Outgoing"). */
export function CallDirection({ direction }: { direction: PhoneCallFields['callDirection'] }) {
  if (!direction) return null;
  return (
    <span className="phone-direction" data-direction={direction}>
      <span aria-hidden="true">{DIRECTION_ICONS[direction]}</span> {DIRECTION_LABELS[direction]}
    </span>
  );
}

/**
 * What a phone call was (`.phone-facts`): direction and number (unless `number` is false: the row
 * shows it already), how long, who answered; a missed call links to its callback task (its status
 * badge says it was missed); a call that bypassed Booth says there is no transcript.
 */
export function PhoneCallFacts({ call, number = true }: { call: PhoneCall; number?: boolean }) {
  return (
    <span className="phone-facts" data-missed={call.missed ? 'true' : undefined}>
      <CallDirection direction={call.callDirection} />
      {number && call.phoneDisplay && <span className="phone-number">{call.phoneDisplay}</span>}
      {call.missed ? (
        call.callbackTaskId && (
          <Link to={callbackHref(call.contactId, call.callbackTaskId)} className="phone-callback">
            Callback task
          </Link>
        )
      ) : (
        <>
          {call.durationMs !== null && !call.untranscribedReason && (
            <span className="phone-duration">{durationText(call.durationMs)}</span>
          )}
          {call.answeredBy && <span className="phone-answered">Answered by {call.answeredBy.name}</span>}
        </>
      )}
      {call.untranscribedReason && (
        <span className="phone-untranscribed" title={call.untranscribedReason}>
          {UNTRANSCRIBED_TEXT}
        </span>
      )}
    </span>
  );
}
