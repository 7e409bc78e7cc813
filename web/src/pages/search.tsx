import { useId, type FormEvent } from 'react';
import { searchApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { callPath, clock } from '../components/call-format';
import { CallProblem } from '../components/call-problem';
import { Snippet } from '../components/call-snippet';
import { TrackerFilter } from '../components/tracker-filter';
import { Link, navigate, useLocation } from '../router';

const PAGE = 20;

/** `/search?q=…&tracker=…`: words, a tracker, or both (calls where the tracker was hit). */
const searchHref = (q: string, tracker = '', offset = 0) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (tracker) params.set('tracker', tracker);
  if (offset) params.set('offset', String(offset));
  return `/search?${params.toString()}`;
};

function Results({ q, tracker, offset }: { q: string; tracker: string; offset: number }) {
  const { data, error, loading } = useApi(searchApi.transcripts, {
    query: { q: q || undefined, trackerId: tracker || undefined, limit: PAGE, offset },
  });
  if (error) return <CallProblem error={error} what="The search failed" />;
  if (!data) return loading ? <p className="loading">Searching…</p> : null;
  if (data.results.length === 0) {
    return <p>{offset ? 'No more matches.' : 'No transcript matches.'}</p>;
  }
  return (
    <>
      <ol className="call-results">
        {data.results.map((r) => (
          <li key={r.segmentId} className="segment">
            <Link to={callPath(r.sessionId, r.atMs)}>
              <time>{clock(r.atMs)}</time> in {r.contactName ? `the call with ${r.contactName}` : r.roomName}
            </Link>{' '}
            <span className="who">{r.speakerName ?? r.speakerIdentity}</span>
            <p className="call-snippet">
              <Snippet text={r.snippet} />
            </p>
          </li>
        ))}
      </ol>
      <nav className="call-pages" aria-label="Pages">
        {offset > 0 && (
          <Link to={searchHref(q, tracker, Math.max(0, offset - PAGE))}>
            {q ? 'Better matches' : 'Newer calls'}
          </Link>
        )}
        {data.results.length === PAGE && (
          <Link to={searchHref(q, tracker, offset + PAGE)}>{q ? 'More matches' : 'Older calls'}</Link>
        )}
      </nav>
    </>
  );
}

/**
 * Transcript search (`/search?q=`): each hit's snippet with its matches marked, linking to that
 * moment; a keyword tracker (`tracker=`) keeps the calls where it was hit, or alone lists where.
 */
export function SearchPage() {
  const { query } = useLocation();
  const q = (query.get('q') ?? '').trim();
  const tracker = (query.get('tracker') ?? '').trim();
  const offset = Math.max(0, Math.floor(Number(query.get('offset')) || 0));
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = String(form.get('q') ?? '').trim();
    const nextTracker = String(form.get('tracker') ?? '');
    if (next || nextTracker) navigate(searchHref(next, nextTracker));
  };
  return (
    <section className="call-search">
      <h1>
        {q ? `Transcripts matching “${q}”` : tracker ? 'Calls where a tracker was hit' : 'Search transcripts'}
      </h1>
      <form role="search" className="call-search-form" onSubmit={submit}>
        <label htmlFor={id}>Words said on a call</label>
        <input id={id} key={q} name="q" type="search" defaultValue={q} maxLength={200} />
        <button type="submit">Search</button>
        <TrackerFilter
          value={tracker}
          onChange={(next) => navigate(searchHref(q, next), { replace: true })}
        />
      </form>
      {(q || tracker) && (
        <Results key={`${q}:${tracker}:${offset}`} q={q} tracker={tracker} offset={offset} />
      )}
    </section>
  );
}
