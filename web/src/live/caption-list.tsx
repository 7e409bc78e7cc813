import { memo, useEffect, useRef } from 'react';
import { TrackerText } from '../components/tracker-highlight';
import { useTrackerRules } from '../components/tracker-rules';
import type { Caption } from './captions';
import { formatOffset } from './time';

/**
 * The live captions (`#captions`, a polite live region), oldest first; it follows the newest caption
 * unless the reader scrolled up. Keyword trackers' words are marked (the tracker list is read once
 * per room view; a client-only tracker only in what a client says).
 */
function CaptionListView({ captions }: { captions: Caption[] }) {
  const trackers = useTrackerRules();
  const box = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  const last = captions[captions.length - 1];
  useEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [captions.length, last?.text]);
  const onScroll = () => {
    const el = box.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };
  return (
    <section className="live-panel live-captions-panel" aria-labelledby="captions-heading">
      <h2 id="captions-heading">Live captions</h2>
      <ol id="captions" className="live-captions" aria-live="polite" ref={box} onScroll={onScroll}>
        {captions.map((c) => (
          <li
            key={c.segmentId}
            className="caption"
            data-segment-id={c.segmentId}
            data-final={String(c.final)}
            data-speaker-identity={c.speakerIdentity}
          >
            <span className="caption-speaker">{c.speakerName}</span>
            <time className="caption-time">{formatOffset(c.startMs)}</time>
            <span className="caption-text">
              <TrackerText text={c.text} trackers={trackers} speakerIdentity={c.speakerIdentity} />
            </span>
          </li>
        ))}
      </ol>
      {captions.length === 0 && <p className="hint">Captions appear here as people speak.</p>}
    </section>
  );
}

export const CaptionList = memo(CaptionListView);
