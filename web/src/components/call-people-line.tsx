import type { ParticipantView } from '@booth/shared/api';
import { peopleOf } from './call-people';

/** The call's people (`#call-people`), a colleague who listened in marked so. */
export function CallPeople({ participants }: { participants: readonly ParticipantView[] }) {
  const people = peopleOf(participants);
  if (!people.length) return null;
  return (
    <p id="call-people" className="call-meta">
      <span>Took part:</span>
      {people.map((p) => (
        <span key={p.key} data-person-role={p.role} data-listened-in={p.listenedIn || undefined}>
          {p.name}
          {p.listenedIn ? ' (listened in)' : ''}
        </span>
      ))}
    </p>
  );
}
