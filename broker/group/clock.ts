/**
 * Time for the group coordinator: the current time and cancellable one-shot timers. The broker
 * uses `realClock` (Node timers, unref'd so that they never keep the process alive); the tests
 * drive a `ManualClock` by hand.
 *
 * Contract: a timer's callback runs at most once, never after `cancel()`, and an exception it
 * throws is passed to `onError` instead of escaping into the event loop (a bug in one group's
 * timer must not take the broker down).
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` once after `delayMs` (clamped to >= 0). */
  setTimer(delayMs: number, fn: () => void): Timer;
}

/** Node's clock and timers; `onError` receives what a callback throws. */
export function realClock(onError: (err: unknown) => void): Clock {
  return {
    now: () => Date.now(),
    setTimer(delayMs, fn) {
      const t = setTimeout(() => {
        try {
          fn();
        } catch (err) {
          onError(err);
        }
      }, Math.max(0, delayMs));
      t.unref();
      return { cancel: () => clearTimeout(t) };
    },
  };
}

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to (`advance`), firing due timers in time order (ties in
 * creation order), including timers that callbacks set on the way.
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    const p: Pending = { at: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.pending.push(p);
    return { cancel: () => { p.cancelled = true; } };
  }

  /** Timers not yet fired nor cancelled. */
  get activeTimers(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due (0 fires what is due now). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.pending = this.pending.filter((p) => !p.cancelled);
      let next: Pending | undefined;
      for (const p of this.pending) {
        if (p.at <= end && (next === undefined || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      }
      if (next === undefined) break;
      this.time = Math.max(this.time, next.at);
      next.cancelled = true;
      next.fn();
    }
    this.time = end;
  }
}
