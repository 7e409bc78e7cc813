import { useState } from 'react';
import { sessionsApi, type AnalysisView, type ExtractedFields, type SessionDetail } from '@booth/shared/api';
import { ApiError, asApiError, call } from '../api/client';
import { CallProblem } from './call-problem';
import { calendarDay, dollars } from './call-format';
import { EvidenceQuote } from './recording-evidence';

/** The extracted fields in the order they are shown, each with how its value reads. */
const FIELDS: { key: 'eventType' | 'eventDate' | 'guestCount' | 'venue' | 'budget'; label: string }[] = [
  { key: 'eventType', label: 'Event' },
  { key: 'eventDate', label: 'Date' },
  { key: 'guestCount', label: 'Guests' },
  { key: 'venue', label: 'Venue' },
  { key: 'budget', label: 'Budget' },
];

function fieldValue(f: ExtractedFields, key: (typeof FIELDS)[number]['key']): string | undefined {
  const v = f[key];
  if (v === null) return undefined;
  if (key === 'eventDate') return calendarDay(String(v));
  if (key === 'budget' && typeof v === 'number') return dollars(v);
  return String(v);
}

/** A dropped proposal's value as it was proposed (any JSON). */
const proposed = (v: unknown) => (typeof v === 'string' ? `“${v}”` : (JSON.stringify(v) ?? 'nothing'));

/** "Analyse again" (`#reanalyse`): queues the analysis of an ended call whose analysis failed or never ran. */
function Reanalyse({ sessionId, onQueued }: { sessionId: string; onQueued: () => void }) {
  const [state, setState] = useState<'idle' | 'busy' | 'queued'>('idle');
  const [error, setError] = useState<ApiError | undefined>();
  const run = async () => {
    setState('busy');
    setError(undefined);
    try {
      await call(sessionsApi.retryAnalysis, { params: { id: sessionId } });
      setState('queued');
      onQueued();
    } catch (err) {
      setState('idle');
      setError(asApiError(err));
    }
  };
  if (state === 'queued') {
    return <p role="status">Queued: the analysis appears here when it is done.</p>;
  }
  return (
    <>
      <button id="reanalyse" type="button" disabled={state === 'busy'} onClick={() => void run()}>
        Analyse again
      </button>
      <CallProblem error={error} what="Could not queue the analysis" />
    </>
  );
}

function Completed({ a }: { a: AnalysisView }) {
  const f = a.extractedFields;
  const kept = f ? FIELDS.filter(({ key }) => f[key] !== null) : [];
  const needs = f ? (['quote', 'invoice', 'contract'] as const).filter((n) => f.needs[n]) : [];
  return (
    <>
      {a.summary && <p className="call-summary">{a.summary}</p>}
      <h3>What the call said</h3>
      {kept.length > 0 && f ? (
        <table className="call-fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {kept.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{fieldValue(f, key)}</td>
                <td>
                  {f.evidence[key] ? (
                    <EvidenceQuote quote={f.evidence[key]} />
                  ) : (
                    <span className="hint">no quote</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">No event details were kept from this call.</p>
      )}
      <dl className="call-facts">
        <div>
          <dt>Sentiment</dt>
          <dd>
            {a.sentiment ?? 'not judged'}
            {a.sentimentReason && <span className="hint"> — {a.sentimentReason}</span>}
          </dd>
        </div>
        <div>
          <dt>Lead status</dt>
          <dd>{a.leadStatus ?? 'no change proposed'}</dd>
        </div>
        <div>
          <dt>Needs</dt>
          <dd>{needs.length ? needs.join(', ') : 'nothing to send'}</dd>
        </div>
      </dl>
      {a.actionItems.length > 0 && (
        <>
          <h3>Action items</h3>
          <ul className="call-list-plain">
            {a.actionItems.map((item, i) => (
              <li key={i}>
                <span className="call-owner">{item.owner}</span> {item.text}
                {item.dueDate && <span className="hint"> (due {calendarDay(item.dueDate)})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {f && f.flags.length > 0 && (
        <>
          <h3>Flags</h3>
          <ul className="call-flags">
            {f.flags.map((flag, i) => (
              <li key={i}>{flag}</li>
            ))}
          </ul>
        </>
      )}
      {f && f.dropped.length > 0 && (
        <details className="call-dropped">
          <summary>
            {f.dropped.length} {f.dropped.length === 1 ? 'proposal' : 'proposals'} not kept
          </summary>
          <ul>
            {f.dropped.map((d, i) => (
              <li key={i}>
                <strong>{d.field}</strong> {proposed(d.value)}: {d.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="hint">
        Analysed by {a.provider ?? 'an unknown provider'}
        {a.model ? ` (${a.model})` : ''}
        {a.latencyMs !== null ? ` in ${(a.latencyMs / 1000).toFixed(1)} s` : ''}.
      </p>
    </>
  );
}

/**
 * The analysis of a call (`#analysis`): each extracted field beside the transcript quote it came from,
 * what was proposed but not kept and why, flags; its state while pending or after a failure, and
 * "Analyse again" for an ended call whose analysis failed or is missing.
 */
export function CallAnalysis({ session, onChanged }: { session: SessionDetail; onChanged: () => void }) {
  const a = session.analysis;
  const ended = session.status === 'ended';
  let body;
  if (!a) {
    body = ended ? (
      <>
        <p>
          This call has no analysis yet. It is queued when a call ends; if none appears, analyse it again.
        </p>
        <Reanalyse sessionId={session.id} onQueued={onChanged} />
      </>
    ) : (
      <p className="hint">The call is analysed once it ends.</p>
    );
  } else if (a.status === 'completed') {
    body = <Completed a={a} />;
  } else if (a.status === 'failed') {
    body = (
      <>
        <p className="error">The analysis failed{a.error ? `: ${a.error}` : '.'}</p>
        {ended && <Reanalyse sessionId={session.id} onQueued={onChanged} />}
      </>
    );
  } else {
    body = (
      <p role="status">
        {a.status === 'running' ? 'Analysing the call…' : 'Waiting for the analysis…'}
        {a.attempts > 1 ? ` (attempt ${a.attempts})` : ''}
      </p>
    );
  }
  return (
    <section id="analysis" className="call-section" aria-labelledby="analysis-heading">
      <h2 id="analysis-heading">Analysis</h2>
      {body}
    </section>
  );
}
