import { Fragment, useEffect, useMemo, useRef } from 'react';
import type { TranscriptSegmentView, TranscriptionGapView } from '@booth/shared/api';
import { clock } from './call-format';
import { spotAt } from './call-moment';

interface Props {
  segments: readonly TranscriptSegmentView[];
  gaps: readonly TranscriptionGapView[];
  /** A speaker identity's display name. */
  speakerName: (identity: string) => string;
  /** The moment to mark (`?at=`), ms since the call started. */
  atMs: number | undefined;
  /** Whether to scroll the marked word into view (a link opened, not a word clicked). */
  scroll: boolean;
  /** A word was chosen: its start. */
  onPick: (ms: number) => void;
}

/**
 * The transcript: segments in order with the speaker's name, stretches no transcriber heard, and each
 * word a button showing its time (on hover and focus) that marks that moment. The word at `atMs` is highlighted and,
 * when `scroll`, scrolled to and focused.
 */
export function CallTranscript({ segments, gaps, speakerName, atMs, scroll, onPick }: Props) {
  const root = useRef<HTMLOListElement>(null);
  const spot = useMemo(() => (atMs === undefined ? undefined : spotAt(segments, atMs)), [segments, atMs]);
  // Once per moment: a reload (the analysis arrived) does not pull the reader back to it.
  const scrolledTo = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!spot || !scroll || scrolledTo.current === atMs) return;
    const el = root.current?.querySelector<HTMLElement>('[aria-current="true"]');
    if (!el) return;
    scrolledTo.current = atMs;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }, [spot, scroll, atMs]);

  const rows = useMemo(
    () =>
      [
        ...segments.map((s) => ({ at: s.startMs, key: `s-${s.id}`, segment: s, gap: undefined })),
        ...gaps.map((g) => ({ at: g.fromMs, key: `g-${g.id}`, segment: undefined, gap: g })),
      ].sort((x, y) => x.at - y.at),
    [segments, gaps],
  );
  if (rows.length === 0) return <p className="hint">No speech transcribed yet.</p>;
  const markedSegment = spot ? segments.find((s) => s.id === spot.segmentId) : undefined;
  const markedText =
    spot && markedSegment && (spot.word >= 0 ? markedSegment.words?.[spot.word]?.text : markedSegment.text);

  return (
    <>
      <p className="call-at" role="status">
        {spot && markedSegment && markedText !== undefined
          ? `Marked ${clock(spot.startMs)}: “${markedText}” (${speakerName(markedSegment.speakerIdentity)})`
          : 'Choose a word to mark its moment; the address then links to it.'}
      </p>
      <ol className="call-transcript" ref={root}>
        {rows.map(({ key, segment: s, gap: g }) => {
          if (g) {
            return (
              <li key={key} className="gap">
                Not transcribed {clock(g.fromMs)}–{clock(g.toMs)} ({g.reason})
              </li>
            );
          }
          if (!s) return null;
          const marked = spot?.segmentId === s.id ? spot.word : undefined;
          return (
            <li key={key} className="segment">
              <time>{clock(s.startMs)}</time>
              <span className="who">{speakerName(s.speakerIdentity)}</span>
              <span className="call-words">
                {s.words?.length ? (
                  s.words.map((w, i) => (
                    <Fragment key={i}>
                      {i > 0 && ' '}
                      <button
                        type="button"
                        className={marked === i ? 'call-word hit' : 'call-word'}
                        data-time={clock(w.startMs)}
                        aria-current={marked === i ? 'true' : undefined}
                        onClick={() => onPick(w.startMs)}
                      >
                        {w.text}
                      </button>
                    </Fragment>
                  ))
                ) : (
                  <button
                    type="button"
                    className={marked === -1 ? 'call-word hit' : 'call-word'}
                    data-time={clock(s.startMs)}
                    aria-current={marked === -1 ? 'true' : undefined}
                    onClick={() => onPick(s.startMs)}
                  >
                    {s.text}
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
