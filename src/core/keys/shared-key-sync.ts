import type { ServerSecret } from '../crypto/server-secret';
import { KeyRing, type KeyStorage } from './key-ring';

export interface SharedKeySyncOptions {
  /** Until the store has answered once. */
  retryMs: number;
  /** Afterwards. */
  checkMs: number;
  onAdopt(kids: string[]): void;
  /** The first failed check after a good one (an outage is reported once, not every round). */
  onError(error: unknown): void;
  /** The first good check after failures. */
  onRecover?(): void;
}

/**
 * Keeps a generated key ring the same on every process of a store. A process that started while
 * the store was down signs with a key of its own until the store answers (nothing is issued
 * meanwhile: issuing needs the store), then adopts the shared key. Later checks put the key back
 * when a store restarted without persistence lost it, so a process starting then adopts it too
 * instead of generating another.
 */
export class SharedKeySync {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly ring: KeyRing,
    private readonly storage: KeyStorage,
    private readonly serverSecret: ServerSecret,
    private readonly options: SharedKeySyncOptions,
    private synced: boolean,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One round: the stored keys (ours stored when there are none), adopted when they differ. */
  async syncOnce(): Promise<void> {
    const keys = await KeyRing.sharedKeys(this.storage, this.serverSecret, () => [...this.ring.keys]);
    if (this.ring.adopt(keys)) this.options.onAdopt(keys.map((k) => k.kid));
    this.synced = true;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.syncOnce()
          .then(() => {
            if (this.failing) this.options.onRecover?.();
            this.failing = false;
          })
          .catch((error: unknown) => {
            if (this.synced && !this.failing) this.options.onError(error);
            if (this.synced) this.failing = true;
          })
          .finally(() => this.schedule());
      },
      this.synced ? this.options.checkMs : this.options.retryMs,
    );
    this.timer.unref();
  }
}
