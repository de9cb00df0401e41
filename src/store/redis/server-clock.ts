import type { RedisClient } from './connection';

/**
 * Redis's clock as this process sees it, measured on every (re)connection, for scripts that
 * must not act once their caller has given up: the caller's deadline in the server's time.
 */
export class ServerClock {
  /** The server's clock minus this process's, in ms; unknown until measured. */
  private offsetMs: number | undefined;

  constructor(
    private readonly client: RedisClient,
    private readonly deadlineMs: number,
  ) {
    client.on('ready', () => void this.measure());
  }

  /**
   * When a script sent now must have run, in the server's ms (0 while unmeasured: no bound).
   * A little before the caller's deadline, so its answer can still arrive in time.
   */
  notAfter(): number {
    if (this.offsetMs === undefined) return 0;
    const margin = Math.min(250, this.deadlineMs / 4);
    return Math.floor(Date.now() + this.offsetMs + this.deadlineMs - margin);
  }

  private async measure(): Promise<void> {
    try {
      const sent = Date.now();
      const [seconds, micros] = await this.client.time();
      const received = Date.now();
      // A slow answer says little about the offset: keep the last one.
      if (received - sent > this.deadlineMs / 4) return;
      this.offsetMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - (sent + received) / 2;
    } catch {
      // Measured again on the next connection; until then scripts run unbounded, as before.
    }
  }
}
