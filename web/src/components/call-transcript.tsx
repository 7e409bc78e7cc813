import { Fragment, memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { TranscriptSegmentView, TranscriptionGapView } from '@booth/shared/api';
import { useCallPlayback } from '../playback/call-playback';
import { PlaybackClock, useClock } from '../playback/clock';
import { useFollow } from '../playback/use-follow';
import { spotKey, wordAt, wordIndex } from '../playback/word-index';
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

/** A clock that never moves, for a transcript shown without a player. */
const STILL = new PlaybackClock();
const NO_WORDS: ReadonlyMap<number, readonly string[]> = new Map();

/** Which word of a segment is which (-1: the segment as a whole), each shown the same way. */
interface RowProps {
  segment: TranscriptSegmentView;
  speaker: string;
  /** The marked word (`?at=`), if in this segment. */
  marked: number | undefined;
  /** The word being played, if in this segment. */
  playing: number | undefined;
  /** The words tracker hits cover, with the trackers' names. */
  tracked: ReadonlyMap<number, readonly string[]>;
  /** Whether choosing a word plays the recording (for its label). */
  plays: boolean;
  onChoose: (ms: number) => void;
}

function wordClass(marked: boolean, playing: boolean, tracked: boolean): string {
  return `call-word${marked ? ' hit' : ''}${playing ? ' playing' : ''}${tracked ? ' tracked' : ''}`;
}

/** One segment: its time (choosing it plays from its start), the speaker and its words. */
const SegmentRow = memo(function SegmentRow({
  segment: s,
  speaker,
  marked,
  playing,
  tracked,
  plays,
  onChoose,
}: RowProps) {
  const word = (i: number, text: string, startMs: number) => {
    const trackers = tracked.get(i);
    return (
      <button
        type="button"
        className={wordClass(marked === i, playing === i, trackers !== undefined)}
        data-time={clock(startMs)}
        data-start-ms={startMs}
        data-playing={playing === i ? 'true' : undefined}
        aria-current={marked === i ? 'true' : undefined}
        title={trackers ? `Tracker: ${trackers.join(', ')}` : undefined}
        onClick={() => onChoose(startMs)}
      >
        {text}
      </button>
    );
  };
  return (
    <li className={playing !== undefined ? 'segment now' : 'segment'} data-segment-id={s.id}>
      <button
        type="button"
        className="call-seg-time"
        aria-label={`${plays ? 'Play from' : 'Mark'} ${clock(s.startMs)}`}
        onClick={() => onChoose(s.startMs)}
      >
        <time>{clock(s.startMs)}</time>
      </button>
      <span className="who">{speaker}</span>
      <span className="call-words">
        {s.words?.length
          ? s.words.map((w, i) => (
              <Fragment key={i}>
                {i > 0 && ' '}
                {word(i, w.text, w.startMs)}
              </Fragment>
            ))
          : word(-1, s.text, s.startMs)}
      </span>
    </li>
  );
});

/**
 * The transcript: segments in order with the speaker's name, stretches no transcriber heard, and each
 * word a button showing its time (on hover and focus) that marks that moment — and, on a call page
 * with a recording, plays from it. The word at `atMs` is highlighted and, when `scroll`, scrolled to
 * and focused. While the recording plays, the word being said is lit up (`.playing`) and kept in
 * sight unless the reader scrolled away from it; words a keyword tracker counted are marked
 * (`.tracked`, the tracker's name as the title).
 */
export function CallTranscript({ segments, gaps, speakerName, atMs, scroll, onPick }: Props) {
  const root = useRef<HTMLOListElement>(null);
  const player = useCallPlayback();
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

  // The word being played, as a key that changes only when another word starts.
  const plays = player?.audioUrl !== undefined;
  const index = useMemo(() => wordIndex(segments), [segments]);
  const playingOf = useCallback((ms: number) => (plays ? spotKey(wordAt(index, ms)) : ''), [plays, index]);
  const playingKey = useClock(player?.playback.clock ?? STILL, playingOf);
  const [playingSegment, playingWord] = playingKey ? splitKey(playingKey) : [undefined, undefined];
  const isPlaying = player?.playback.playing ?? false;
  const { following, resume } = useFollow(root, playingKey, isPlaying);

  const playFrom = player?.playFrom;
  const choose = useCallback(
    (ms: number) => {
      onPick(ms);
      playFrom?.(ms);
    },
    [onPick, playFrom],
  );
  const tracked = player?.tracked;

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
          : plays
            ? 'Choose a word to play from it; the address then links to that moment.'
            : 'Choose a word to mark its moment; the address then links to it.'}
        {isPlaying && !following && (
          <>
            {' '}
            <button type="button" className="call-follow" onClick={resume}>
              Show the word being said
            </button>
          </>
        )}
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
          return (
            <SegmentRow
              key={key}
              segment={s}
              speaker={speakerName(s.speakerIdentity)}
              marked={spot?.segmentId === s.id ? spot.word : undefined}
              playing={playingSegment === s.id ? playingWord : undefined}
              tracked={tracked?.get(s.id) ?? NO_WORDS}
              plays={plays}
              onChoose={choose}
            />
          );
        })}
      </ol>
    </>
  );
}

/** `segmentId:word` back into its parts. */
function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
