import type { Note } from '@booth/shared/api';
import { Link } from '../router';
import { formatTime } from './crm-format';

/** The notes on a contact (from calls and admins), newest first; bodies as written. */
export function ContactNotes({ notes }: { notes: Note[] }) {
  if (!notes.length) return <p className="crm-empty">No notes.</p>;
  return (
    <ul className="crm-notes">
      {notes.map((n) => (
        <li key={n.id}>
          <p className="note">{n.body}</p>
          <p className="hint">
            {formatTime(n.createdAt)}
            {n.author ? ` · ${n.author.name}` : ''}
            {n.sessionId && (
              <>
                {' · '}
                <Link to={`/calls/${n.sessionId}`}>from a call</Link>
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
