import { performance } from 'node:perf_hooks';

export interface PacerOptions {
  /** Tick period, ms. */
  intervalMs: number;
  /**
   * Ticks run back to back after the event loop was held up, at most this many; older ones are
   * skipped (counted), so a stall never turns into a burst. Default 3.
   */
  maxCatchUp?: number;
  /** Clock, ms (tests). Default performance.now. */
  now?: () => number;
}

/**
 * Calls `tick` every `intervalMs` against a fixed schedule (start + n × interval), so timer lateness
 * does not accumulate into drift the way a plain setInterval's does.
 */
export class Pacer {
  private timer: NodeJS.Timeout | undefined;
  private t0 = 0;
  private done = 0;
  /** Ticks skipped after stalls. */
  skipped = 0;
  private readonly now: () => number;

  constructor(
    private readonly opts: PacerOptions,
    private readonly tick: () => void,
  ) {
    this.now = opts.now ?? (() => performance.now());
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.t0 = this.now();
    this.done = 0;
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs the ticks due by now; exposed for tests. Returns how many ran. */
  runDue(): number {
    const due = Math.floor((this.now() - this.t0) / this.opts.intervalMs) - this.done;
    const max = this.opts.maxCatchUp ?? 3;
    let run = due;
    if (due > max) {
      this.skipped += due - max;
      this.done += due - max;
      run = max;
    }
    for (let i = 0; i < run; i++) {
      this.done++;
      this.tick();
    }
    return Math.max(0, run);
  }

  private schedule(): void {
    const next = this.t0 + (this.done + 1) * this.opts.intervalMs;
    this.timer = setTimeout(
      () => {
        if (!this.timer) return;
        this.runDue();
        if (this.timer) this.schedule();
      },
      Math.max(0, next - this.now()),
    );
  }
}
