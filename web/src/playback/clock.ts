import { useCallback, useSyncExternalStore } from 'react';

/**
 * Where playback is, in ms: a tiny store outside React state so that the parts that follow it
 * (the time display, the scrubber, the highlighted word) re-render when what *they* show changes,
 * not on every animation frame.
 */
export class PlaybackClock {
  private ms = 0;
  private readonly listeners = new Set<() => void>();

  get = (): number => this.ms;

  set(ms: number): void {
    if (ms === this.ms) return;
    this.ms = ms;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/**
 * `select(ms)` of the clock, re-rendering only when its result changes (compare with `Object.is`:
 * return a primitive or a cached object).
 */
export function useClock<T>(clock: PlaybackClock, select: (ms: number) => T): T {
  const snapshot = useCallback(() => select(clock.get()), [clock, select]);
  return useSyncExternalStore(clock.subscribe, snapshot);
}
