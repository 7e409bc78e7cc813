import type { CallNote, CallTask, SessionSuggestionView } from '@booth/shared/api';
import { calendarDay, clock, when } from './call-format';
import { MomentLink } from './recording-moment-link';

/**
 * What was suggested to the admins during the call, each linking to its moment in the transcript
 * (with a recording, the link plays from there).
 */
export function CallSuggestions({
  sessionId,
  suggestions,
}: {
  sessionId: string;
  suggestions: readonly SessionSuggestionView[];
}) {
  return (
    <section className="call-section" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">Suggestions during the call</h2>
      {suggestions.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul className="call-list-plain">
          {suggestions.map((s) => (
            <li key={s.id}>
              <MomentLink sessionId={sessionId} atMs={s.atMs}>
                <time>{clock(s.atMs)}</time>
              </MomentLink>{' '}
              <span className="call-owner">{s.kind}</span> {s.text}
              {s.quote && (
                <>
                  {' '}
                  <q>{s.quote}</q>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The follow-ups the call left: who acts, what, by when, done or not. */
export function CallTasks({ tasks }: { tasks: readonly CallTask[] }) {
  return (
    <section className="call-section" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Tasks</h2>
      {tasks.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul className="call-list-plain">
          {tasks.map((t) => (
            <li key={t.id} className={t.done ? 'call-done' : undefined}>
              <span className="call-owner">{t.owner}</span> {t.title}
              {t.dueDate && <span className="hint"> (due {calendarDay(t.dueDate)})</span>}
              {t.done && <span className="hint"> — done</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Notes on the call: the analysis's own, and what admins wrote. */
export function CallNotes({ notes }: { notes: readonly CallNote[] }) {
  return (
    <section className="call-section" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      {notes.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        notes.map((n) => (
          <article key={n.id} className="segment note">
            <p className="hint">
              {n.author ? n.author.name : 'Call analysis'} · {when(n.createdAt)}
            </p>
            {n.body}
          </article>
        ))
      )}
    </section>
  );
}
