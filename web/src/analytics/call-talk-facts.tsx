import type { CallTalkAnalytics } from '@booth/shared/api';
import { ROLE_LABELS, duration, perSide, wait } from './talk-format';

/**
 * A call's talk in a few figures: talk time, the longest monologue and whose, how fast the admins
 * answered the client, questions and interruptions per side. Each `<div>` has `data-figure` naming it.
 */
export function CallTalkFacts({ a }: { a: CallTalkAnalytics }) {
  const { admin, client } = a.sides;
  const m = a.longestMonologue;
  const r = a.responseTime;
  return (
    <dl className="call-facts talk-facts">
      <div data-figure="talk">
        <dt>Talk time</dt>
        <dd>
          {duration(a.talkMs)} <span className="hint">over {duration(a.spanMs)}</span>
        </dd>
      </div>
      <div data-figure="monologue">
        <dt>Longest monologue</dt>
        <dd>
          {m ? (
            <>
              {duration(m.ms)}{' '}
              <span className="hint">
                {m.name ?? m.speaker} ({(ROLE_LABELS[m.role] ?? m.role).toLowerCase()})
              </span>
            </>
          ) : (
            '—'
          )}
        </dd>
      </div>
      <div data-figure="response">
        <dt>Response time</dt>
        <dd>
          {r.medianMs !== null && r.meanMs !== null ? (
            <>
              median {wait(r.medianMs)}, mean {wait(r.meanMs)}{' '}
              <span className="hint">
                ({r.count} {r.count === 1 ? 'answer' : 'answers'})
              </span>
            </>
          ) : (
            <span className="hint">no client turn answered by an admin</span>
          )}
        </dd>
      </div>
      <div data-figure="questions">
        <dt>Questions</dt>
        <dd>{perSide({ admin: admin.questions, client: client.questions })}</dd>
      </div>
      <div data-figure="interruptions">
        <dt>Interruptions</dt>
        <dd>{perSide({ admin: admin.interruptions, client: client.interruptions })}</dd>
      </div>
    </dl>
  );
}
