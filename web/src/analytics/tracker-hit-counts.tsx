import type { TrackerCount } from '@booth/shared/api';
import '../styles/talk-analytics.css';

/** Keyword-tracker hits as chips (name and count, most first); `empty` when there are none. */
export function TrackerHitCounts({ counts, empty }: { counts: readonly TrackerCount[]; empty: string }) {
  if (!counts.length) return <p className="hint">{empty}</p>;
  return (
    <ul className="talk-chips" aria-label="Tracker hits">
      {counts.map((c) => (
        <li key={c.trackerId} data-tracker-id={c.trackerId}>
          {c.name} <strong>{c.count}</strong>
        </li>
      ))}
    </ul>
  );
}
