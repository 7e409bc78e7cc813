import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { PlaybackClock } from './clock';

/** The speeds offered, slowest first. */
export const PLAYBACK_RATES = [0.75, 1, 1.25, 1.5, 2] as const;

export interface Playback {
  /** Give it the `<audio>` element (a ref callback); null when it goes. */
  attach: (el: HTMLAudioElement | null) => void;
  /** Where playback is (ms of the call): subscribe with `useClock`. */
  clock: PlaybackClock;
  /** Whether an `<audio>` element is attached. */
  attached: boolean;
  /** The file's length as the browser knows it, ms (undefined until its metadata loaded). */
  durationMs: number | undefined;
  playing: boolean;
  /** Waiting for data (a seek into a part not fetched yet). */
  buffering: boolean;
  rate: number;
  /** Why the file cannot be played (the browser's media error), else undefined. */
  error: string | undefined;
  /** Moves to `ms`; before the file is loaded, it starts there. */
  seek: (ms: number) => void;
  play: () => void;
  pause: () => void;
  /** Moves to `ms` and plays from there. */
  playFrom: (ms: number) => void;
  setRate: (rate: number) => void;
}

const MEDIA_ERRORS: Record<number, string> = {
  1: 'loading was stopped',
  2: 'the network failed while loading the recording',
  3: 'the recording could not be decoded',
  4: 'the recording cannot be played here (missing, or a format this browser does not play)',
};

/**
 * An `<audio>` element under control: seek, play, pause and speed, and where playback is. While it
 * plays, the clock follows `currentTime` every animation frame (a `timeupdate` comes only every
 * ~250 ms, too coarse to light up one word at a time). A seek asked for before the element exists or
 * knows its length is kept and applied once it can be.
 */
export function usePlayback(): Playback {
  const clock = useMemo(() => new PlaybackClock(), []);
  const [el, setEl] = useState<HTMLAudioElement | null>(null);
  const [durationMs, setDurationMs] = useState<number | undefined>();
  const [playing, setPlaying] = useState(false);
  const [buffering, setBuffering] = useState(false);
  const [rate, setRateState] = useState(1);
  const [error, setError] = useState<string | undefined>();
  // A seek waiting for the element (or its metadata), and whether to play after it.
  const pending = useRef<{ ms: number; play: boolean } | undefined>(undefined);
  const rateRef = useRef(1);

  const startPlaying = useCallback((a: HTMLAudioElement) => {
    a.play().catch((err: unknown) => {
      // A pause() or a new source interrupting play() is not a problem; a refusal is.
      if (err instanceof DOMException && err.name === 'AbortError') return;
      setError(
        err instanceof DOMException && err.name === 'NotAllowedError'
          ? 'the browser only starts after a tap on Play'
          : String(err),
      );
    });
  }, []);

  useEffect(() => {
    if (!el) return;
    el.playbackRate = rateRef.current;
    let frame = 0;
    const tick = () => {
      clock.set(el.currentTime * 1000);
      frame = el.paused ? 0 : requestAnimationFrame(tick);
    };
    const applyPending = () => {
      const p = pending.current;
      if (!p || el.readyState < HTMLMediaElement.HAVE_METADATA) return;
      pending.current = undefined;
      el.currentTime = p.ms / 1000;
      clock.set(p.ms);
      if (p.play) startPlaying(el);
    };
    const onMeta = () => {
      setDurationMs(Number.isFinite(el.duration) ? el.duration * 1000 : undefined);
      applyPending();
    };
    const onPlay = () => {
      setPlaying(true);
      setError(undefined);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    const onPause = () => {
      setPlaying(false);
      cancelAnimationFrame(frame);
      frame = 0;
      clock.set(el.currentTime * 1000);
    };
    const onTime = () => {
      if (el.paused) clock.set(el.currentTime * 1000);
    };
    const onWaiting = () => setBuffering(true);
    const onReady = () => setBuffering(false);
    const onError = () => {
      setPlaying(false);
      setError(MEDIA_ERRORS[el.error?.code ?? 0] ?? 'the recording cannot be played');
    };
    const onRate = () => {
      rateRef.current = el.playbackRate;
      setRateState(el.playbackRate);
    };
    const events: [string, () => void][] = [
      ['loadedmetadata', onMeta],
      ['durationchange', onMeta],
      ['play', onPlay],
      ['pause', onPause],
      ['ended', onPause],
      ['timeupdate', onTime],
      ['seeked', onTime],
      ['waiting', onWaiting],
      ['seeking', onWaiting],
      ['playing', onReady],
      ['canplay', onReady],
      ['seeked', onReady],
      ['error', onError],
      ['ratechange', onRate],
    ];
    for (const [name, fn] of events) el.addEventListener(name, fn);
    if (el.readyState >= HTMLMediaElement.HAVE_METADATA) onMeta();
    else if (pending.current) clock.set(pending.current.ms);
    return () => {
      cancelAnimationFrame(frame);
      for (const [name, fn] of events) el.removeEventListener(name, fn);
      setPlaying(false);
    };
  }, [el, clock, startPlaying]);

  const move = useCallback(
    (ms: number, thenPlay: boolean) => {
      const at = Math.max(0, ms);
      if (!el || el.readyState < HTMLMediaElement.HAVE_METADATA) {
        pending.current = { ms: at, play: thenPlay };
        clock.set(at);
        // A file not loaded yet (preload=metadata may wait): ask for it, the seek follows its metadata.
        if (el && el.networkState === HTMLMediaElement.NETWORK_EMPTY) el.load();
        return;
      }
      const end = Number.isFinite(el.duration) ? el.duration : Infinity;
      el.currentTime = Math.min(at / 1000, end);
      clock.set(el.currentTime * 1000);
      if (thenPlay) startPlaying(el);
    },
    [el, clock, startPlaying],
  );
  const seek = useCallback((ms: number) => move(ms, false), [move]);
  const playFrom = useCallback((ms: number) => move(ms, true), [move]);
  const play = useCallback(() => {
    if (!el) return;
    if (pending.current) {
      // Not loaded yet: play from the moment asked for once it is.
      pending.current.play = true;
      if (el.networkState === HTMLMediaElement.NETWORK_EMPTY) el.load();
      return;
    }
    if (el.ended) el.currentTime = 0;
    startPlaying(el);
  }, [el, startPlaying]);
  const pause = useCallback(() => el?.pause(), [el]);
  const setRate = useCallback(
    (r: number) => {
      rateRef.current = r;
      setRateState(r);
      if (el) el.playbackRate = r;
    },
    [el],
  );

  return useMemo(
    () => ({
      attach: setEl,
      clock,
      attached: el !== null,
      durationMs,
      playing,
      buffering,
      rate,
      error,
      seek,
      play,
      pause,
      playFrom,
      setRate,
    }),
    [clock, el, durationMs, playing, buffering, rate, error, seek, play, pause, playFrom, setRate],
  );
}
