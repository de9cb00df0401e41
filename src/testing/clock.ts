/** A moment: a `Date`, or epoch milliseconds. */
export type Instant = Date | number;

function epochMs(instant: Instant, what: string): number {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`${what}: expected a valid Date or epoch milliseconds, got ${String(instant)}`);
  return ms;
}

/**
 * The time a test gateway lives in. It stands still unless moved: every expiry, `expires_in`,
 * JWT `iat`/`exp`/`nbf`, lock-out window and session the gateway computes reads it, so a test
 * sees the same numbers on every run.
 */
export class GatewayClock {
  private ms: number;

  constructor(start: Instant = Date.now()) {
    this.ms = epochMs(start, 'clock start');
  }

  /** Epoch seconds, as the engine counts (whole seconds). */
  readonly now = (): number => Math.floor(this.ms / 1000);

  /** Epoch milliseconds (timestamps of error bodies that carry them). */
  readonly nowMs = (): number => this.ms;

  date(): Date {
    return new Date(this.ms);
  }

  /** Moves the clock by `seconds` (negative moves it back). */
  advance(seconds: number): void {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new TypeError(`clock.advance: expected a number of seconds, got ${String(seconds)}`);
    this.ms += seconds * 1000;
  }

  /** Puts the clock at a moment, forwards or backwards. */
  set(instant: Instant): void {
    this.ms = epochMs(instant, 'clock.set');
  }
}
