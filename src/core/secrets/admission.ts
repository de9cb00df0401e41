import { CoreError } from '../errors';

/** Where a credential check waits: `suspect` for sources with recent failures, served only when `normal` is empty. */
export type Lane = 'normal' | 'suspect';

export interface AdmissionRules {
  /** Longest a check may wait for a worker; one that would wait longer is refused at once. */
  maxWaitMs: number;
  /** The same for a source with recent failures (kept short: a flood is refused, not queued). */
  suspectMaxWaitMs: number;
  /** Most checks waiting, both lanes together. */
  maxQueue: number;
}

/** What admission control reports as it works (metrics listen; nothing else does). */
export interface AdmissionObserver {
  /** A check got a worker after waiting `waitedMs` (0 when one was free). */
  admitted(lane: Lane, waitedMs: number): void;
  /** A check was refused: it would have waited too long, or did. */
  refused(lane: Lane): void;
}

interface Waiter {
  wake: () => void;
  refuse: (error: CoreError) => void;
  timer: NodeJS.Timeout;
}

const overloaded = () => new CoreError('server_unavailable', 'too many credential checks at once; try again shortly', { reason: 'overloaded', retryAfter: 1 });

/**
 * Admission control in front of the bcrypt workers: at most `slots` checks run, the rest wait
 * in two lanes, and a check whose expected wait exceeds the bound is refused instead of queued,
 * so a flood of wrong passwords is turned away while good logins keep their latency.
 */
export class BcryptAdmission {
  private running = 0;
  /** Checks of the suspect lane running: they never take the last free worker. */
  private runningSuspects = 0;
  private readonly lanes: Record<Lane, Waiter[]> = { normal: [], suspect: [] };
  /** Moving average of one check's duration, for the expected wait. */
  private averageMs: number;
  private observer?: AdmissionObserver;

  constructor(
    private readonly slots: number,
    private readonly rules: AdmissionRules,
    seedMs = 50,
  ) {
    this.averageMs = seedMs;
  }

  get queued(): number {
    return this.lanes.normal.length + this.lanes.suspect.length;
  }

  queuedIn(lane: Lane): number {
    return this.lanes[lane].length;
  }

  observe(observer: AdmissionObserver): void {
    this.observer = observer;
  }

  get active(): number {
    return this.running;
  }

  async run<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
    const arrived = performance.now();
    if (this.running < this.slots && this.mayStart(lane)) this.running++;
    else {
      try {
        await this.wait(lane);
      } catch (error) {
        this.observer?.refused(lane);
        throw error;
      }
    }
    this.observer?.admitted(lane, performance.now() - arrived);
    if (lane === 'suspect') this.runningSuspects++;
    const started = performance.now();
    try {
      return await task();
    } finally {
      if (lane === 'suspect') this.runningSuspects--;
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
      this.release();
    }
  }

  /** A suspect check starts only while another worker stays free for good requests (with one worker: only when idle). */
  private mayStart(lane: Lane): boolean {
    return lane === 'normal' || this.runningSuspects < Math.max(1, this.slots - 1);
  }

  /** Waits for a slot handed over by a finishing check (the slot is never given back in between). */
  private wait(lane: Lane): Promise<void> {
    const ahead = lane === 'normal' ? this.lanes.normal.length : this.queued;
    const expectedWaitMs = ((ahead + 1) * this.averageMs) / this.slots;
    const boundMs = lane === 'normal' ? this.rules.maxWaitMs : this.rules.suspectMaxWaitMs;
    if (this.queued >= this.rules.maxQueue || expectedWaitMs > boundMs) return Promise.reject(overloaded());
    return new Promise<void>((wake, refuse) => {
      const waiter: Waiter = {
        wake,
        refuse,
        timer: setTimeout(() => {
          const queue = this.lanes[lane];
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          refuse(overloaded());
        }, boundMs),
      };
      this.lanes[lane].push(waiter);
    });
  }

  private release(): void {
    const next = this.lanes.normal.shift() ?? (this.mayStart('suspect') ? this.lanes.suspect.shift() : undefined);
    if (!next) {
      this.running--;
      return;
    }
    clearTimeout(next.timer);
    next.wake();
  }
}
