import { useId, type FormEvent } from 'react';
import { searchApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { callPath, clock } from '../components/call-format';
import { CallProblem } from '../components/call-problem';
import { Snippet } from '../components/call-snippet';
import { Link, navigate, useLocation } from '../router';

const PAGE = 20;

const searchHref = (q: string, offset = 0) =>
  `/search?q=${encodeURIComponent(q)}${offset ? `&offset=${offset}` : ''}`;

function Results({ q, offset }: { q: string; offset: number }) {
  const { data, error, loading } = useApi(searchApi.transcripts, { query: { q, limit: PAGE, offset } });
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
        {offset > 0 && <Link to={searchHref(q, Math.max(0, offset - PAGE))}>Better matches</Link>}
        {data.results.length === PAGE && <Link to={searchHref(q, offset + PAGE)}>More matches</Link>}
      </nav>
    </>
  );
}

/** Transcript search (`/search?q=`): each hit's snippet with its matches marked, linking to that moment. */
export function SearchPage() {
  const { query } = useLocation();
  const q = (query.get('q') ?? '').trim();
  const offset = Math.max(0, Math.floor(Number(query.get('offset')) || 0));
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next = String(new FormData(e.currentTarget).get('q') ?? '').trim();
    if (next) navigate(searchHref(next));
  };
  return (
    <section className="call-search">
      <h1>{q ? `Transcripts matching “${q}”` : 'Search transcripts'}</h1>
      <form role="search" className="call-search-form" onSubmit={submit}>
        <label htmlFor={id}>Words said on a call</label>
        <input id={id} key={q} name="q" type="search" defaultValue={q} maxLength={200} required />
        <button type="submit">Search</button>
      </form>
      {q && <Results key={`${q}:${offset}`} q={q} offset={offset} />}
    </section>
  );
}
