import { useCallback, type ChangeEvent } from 'react';
import { useCallPlayback } from '../playback/call-playback';
import { useClock } from '../playback/clock';
import { PLAYBACK_RATES, type Playback } from '../playback/use-playback';
import '../styles/recording.css';
import { clock } from './call-format';

/** Back this far with the "back" button, ms. */
const BACK_MS = 5_000;

const tenths = (ms: number) => Math.round(ms / 100) * 100;

/** The position: a scrubber (seeks as it moves) and "m:ss / m:ss". */
function Position({ playback, durationMs }: { playback: Playback; durationMs: number }) {
  const at = useClock(playback.clock, tenths);
  const { seek } = playback;
  const onChange = useCallback((e: ChangeEvent<HTMLInputElement>) => seek(Number(e.target.value)), [seek]);
  const shown = Math.min(at, durationMs);
  return (
    <>
      <input
        type="range"
        className="recording-scrubber"
        aria-label="Position in the recording"
        aria-valuetext={`${clock(shown)} of ${clock(durationMs)}`}
        min={0}
        max={Math.max(1, Math.round(durationMs))}
        step={100}
        value={shown}
        onChange={onChange}
      />
      <span className="recording-time">
        <time>{clock(shown)}</time> / <time>{clock(durationMs)}</time>
      </span>
    </>
  );
}

/**
 * The call's recording player: the `<audio>` element (ranged requests: seeking a long recording
 * fetches only what is played), play/pause, back 5 s, a scrubber with the time, and the speed. On a
 * phone it sits at the bottom of the screen over the transcript. Nothing while there is no ready
 * recording.
 */
export function RecordingPlayer() {
  const player = useCallPlayback();
  if (!player?.audioUrl) return null;
  const { playback, audioUrl, recording } = player;
  // The length the recorder measured; the browser's (estimated from a CBR file's size) until then.
  const durationMs = recording.info?.recording?.durationMs ?? playback.durationMs ?? 0;
  const back = () => playback.seek(Math.max(0, playback.clock.get() - BACK_MS));
  return (
    <div className="recording-player" role="region" aria-label="Recording player">
      <audio
        ref={playback.attach}
        src={audioUrl}
        preload="metadata"
        className="recording-audio"
        data-testid="recording-audio"
      />
      <button
        type="button"
        className="recording-play"
        onClick={playback.playing ? playback.pause : playback.play}
        aria-label={playback.playing ? 'Pause' : 'Play'}
      >
        <span aria-hidden="true">{playback.playing ? '❚❚' : '▶'}</span>
      </button>
      <button type="button" className="recording-back" onClick={back} aria-label="Back 5 seconds">
        <span aria-hidden="true">−5s</span>
      </button>
      <Position playback={playback} durationMs={durationMs} />
      <label className="recording-rate">
        <span className="call-visually-hidden">Speed</span>
        <select value={playback.rate} onChange={(e) => playback.setRate(Number(e.target.value))}>
          {PLAYBACK_RATES.map((r) => (
            <option key={r} value={r}>
              {r}×
            </option>
          ))}
        </select>
      </label>
      {(playback.error || playback.buffering) && (
        <p className={playback.error ? 'recording-note error' : 'recording-note hint'} role="status">
          {playback.error ? `Cannot play: ${playback.error}.` : 'Loading…'}
        </p>
      )}
    </div>
  );
}
