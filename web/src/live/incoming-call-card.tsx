import { useId } from 'react';
import { answerPath } from '../components/call-format';
import { phoneText } from '../components/phone-call-format';
import { Link, navigate } from '../router';
import { useCallRinging } from './call-ringing';
import type { RingingCall } from './incoming-calls';

/** Who is calling: the contact's name, else the number ("New lead": the caller's contact was just made). */
function caller(c: RingingCall): { who: string; number: string | undefined; newLead: boolean } {
  const number = phoneText(c.from);
  return c.contactName
    ? { who: c.contactName, number, newLead: false }
    : { who: number, number: undefined, newLead: true };
}

/**
 * A phone call ringing (`.incoming-call`): who, a link to their contact card, **Answer** (opens the
 * call's page, which joins the room with the microphone) and Dismiss. It goes away by itself once the
 * call is answered by anyone or over.
 */
export function IncomingCallCard({
  call,
  onGone,
}: {
  call: RingingCall;
  onGone: (sessionId: string) => void;
}) {
  const id = useId();
  const gone = () => onGone(call.sessionId);
  useCallRinging(call.sessionId, gone);
  const { who, number, newLead } = caller(call);
  return (
    <li
      className="incoming-call"
      data-session-id={call.sessionId}
      data-notification-id={call.notificationId}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-who`}
    >
      <p className="incoming-call-title" id={`${id}-title`}>
        <span className="incoming-call-bell" aria-hidden="true">
          ☎
        </span>{' '}
        Incoming call
      </p>
      <p className="incoming-call-who" id={`${id}-who`}>
        <strong>{who}</strong>
        {newLead && <span className="incoming-call-badge">New lead</span>}
        {number && <span className="incoming-call-number">{number}</span>}
      </p>
      <div className="incoming-call-actions">
        <button
          type="button"
          className="incoming-call-answer"
          onClick={() => {
            gone();
            navigate(answerPath(call.sessionId));
          }}
        >
          Answer
        </button>
        {call.contactId && (
          <Link to={`/contacts/${encodeURIComponent(call.contactId)}`} className="incoming-call-contact">
            Contact card
          </Link>
        )}
        <button type="button" className="incoming-call-dismiss" onClick={gone}>
          Dismiss
        </button>
      </div>
    </li>
  );
}
