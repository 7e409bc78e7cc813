import { useMemo } from 'react';
import { useCallPlayback } from '../playback/call-playback';
import { clock } from './call-format';
import { CallProblem } from './call-problem';
import { MomentLink } from './recording-moment-link';

/**
 * The call's keyword-tracker hits (`#tracker-hits`): how often each tracker was said, then every hit
 * in order as a chip with its time and phrase; a chip marks that moment in the transcript and, with
 * a recording, plays from it. Nothing when no tracker was said.
 */
export function TrackerHitsStrip() {
  const player = useCallPlayback();
  const data = player?.trackerHits.data;
  const names = useMemo(() => new Map((data?.counts ?? []).map((c) => [c.trackerId, c.name])), [data]);
  if (!player) return null;
  const error = player.trackerHits.error;
  if (!data || data.hits.length === 0) {
    return error ? <CallProblem error={error} what="Could not load the tracker hits" /> : null;
  }
  return (
    <section id="tracker-hits" className="call-section" aria-labelledby="tracker-hits-heading">
      <h2 id="tracker-hits-heading">Keyword trackers</h2>
      <ul className="tracker-counts" aria-label="Hits per tracker">
        {data.counts.map((c) => (
          <li key={c.trackerId} data-tracker-id={c.trackerId}>
            <span className="tracker-name">{c.name}</span> <span className="tracker-count">{c.count}</span>
          </li>
        ))}
      </ul>
      <ol className="tracker-hits" aria-label="Tracker hits in order">
        {data.hits.map((h) => {
          const name = names.get(h.trackerId) ?? '';
          return (
            <li key={`${h.segmentId}-${h.trackerId}-${h.atMs}`}>
              <MomentLink
                sessionId={player.sessionId}
                atMs={h.atMs}
                className="tracker-hit"
                label={`${name}: “${h.phrase}” at ${clock(h.atMs)}`}
              >
                <time>{clock(h.atMs)}</time> <span className="tracker-phrase">{h.phrase}</span>
              </MomentLink>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
