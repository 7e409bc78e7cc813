import { IncomingCallCard } from './incoming-call-card';
import { useIncomingCalls } from './incoming-calls';

/** The phone calls ringing now (`#incoming-calls`, an assertive live region), one card each. */
export function RingingCalls() {
  const { calls, remove } = useIncomingCalls();
  return (
    <ol id="incoming-calls" className="incoming-calls" aria-live="assertive" aria-label="Incoming calls">
      {calls.map((c) => (
        <IncomingCallCard key={c.sessionId} call={c} onGone={remove} />
      ))}
    </ol>
  );
}
