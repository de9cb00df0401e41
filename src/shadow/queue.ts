/** Upstream calls of one dialect's shadow running at once. */
export const SHADOW_CONCURRENCY = 4;

type Job = () => Promise<void>;

/**
 * A bounded queue with a fixed concurrency: a job offered while `capacity` are already waiting
 * is refused (the caller counts it dropped), so a slow upstream never piles up work.
 */
export class ShadowQueue {
  private readonly waiting: Job[] = [];
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly concurrency = SHADOW_CONCURRENCY,
  ) {}

  /** Runs the job now or later; false when the queue is full or closed (the job never runs). */
  offer(job: Job): boolean {
    if (this.closed) return false;
    if (this.running.size < this.concurrency) {
      this.start(job);
      return true;
    }
    if (this.waiting.length >= this.capacity) return false;
    this.waiting.push(job);
    return true;
  }

  /** Refuses new jobs, forgets the waiting ones and waits for those running (each bounded by its own timeout). */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.all([...this.running]);
  }

  private start(job: Job): void {
    const run = Promise.resolve()
      .then(job)
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(run);
        const next = this.waiting.shift();
        if (next) this.start(next);
      });
    this.running.add(run);
  }
}
