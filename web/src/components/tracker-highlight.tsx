import { Fragment, memo } from 'react';
import { highlightTrackers, speakerRoleOf, type TrackerRule } from '@booth/shared/api';
import '../styles/trackers.css';

/**
 * Transcript text with the words of keyword trackers marked (`mark.tracker-hit`, the trackers' names
 * in `data-trackers` and the tooltip), as the worker counts them: a client-only tracker only when the
 * speaker is a client.
 */
function TrackerTextView({
  text,
  trackers,
  speakerIdentity,
}: {
  text: string;
  trackers: readonly TrackerRule[];
  speakerIdentity: string;
}) {
  if (trackers.length === 0) return <>{text}</>;
  return (
    <>
      {highlightTrackers(trackers, text, speakerRoleOf(speakerIdentity)).map((p, i) =>
        p.trackers.length ? (
          <mark
            key={i}
            className="tracker-hit"
            data-trackers={p.trackers.join(', ')}
            title={p.trackers.join(', ')}
          >
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}

export const TrackerText = memo(TrackerTextView);
