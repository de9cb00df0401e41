import type { RedisClient } from './connection';

/** Where the store says that Redis went away and came back (a pino logger fits). */
export interface HealthLog {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** An error by class and message: enough to tell an outage apart, without a stack. */
export function describeError(error: unknown): { type: string; message: string } {
  if (error instanceof Error) return { type: error.constructor.name, message: error.message };
  return { type: typeof error, message: String(error) };
}

/** No answer within the store's deadline (the connection may be up, the server silent). */
export class StoreTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer from Redis within ${ms} ms`);
  }
}

/**
 * Whether Redis answers, logged once per change rather than once per failed command: one warn
 * when the connection drops or a command goes unanswered, one info when it is back (the
 * connection is ready again, or any command is answered: a paused server keeps its connection).
 */
export class ConnectionHealth {
  private reachable = true;
  private lastError: unknown;
  private closing = false;

  constructor(private readonly log: HealthLog | undefined) {}

  /** Follows the client's connection events. */
  watch(client: RedisClient): void {
    client.on('error', (error: unknown) => {
      this.lastError = error;
    });
    client.on('close', () => {
      if (!this.closing) this.lost('connection closed', this.lastError);
    });
    client.on('ready', () => this.answered());
  }

  /** Our own disconnect is no outage. */
  closed(): void {
    this.closing = true;
  }

  lost(reason: string, error?: unknown): void {
    if (!this.reachable) return;
    this.reachable = false;
    this.log?.warn({ store: 'redis', reason, ...(error === undefined ? {} : { cause: describeError(error) }) }, 'token store unreachable');
  }

  answered(): void {
    if (this.reachable) return;
    this.reachable = true;
    this.lastError = undefined;
    this.log?.info({ store: 'redis' }, 'token store reachable again');
  }
}
