import { createHmac } from 'node:crypto';
import type { KeyValueStore } from '../store';

export interface LockoutRules {
  /** Failures for one account within `windowSeconds` that lock it; 0 turns the rule off. */
  userFailures: number;
  /** Failures from one client address within `windowSeconds` that lock it; 0 turns the rule off. */
  addressFailures: number;
  windowSeconds: number;
  /** How long a lock lasts. */
  lockSeconds: number;
}

/** Who a sign-in attempt is counted against. */
export interface AttemptSubjects {
  /** The account (its uid when the identifier names one, else the identifier itself). */
  account: string;
  address: string;
}

type Kind = 'user' | 'addr';

/**
 * Failure counters and locks in the token store, so a lock set by one process holds in every
 * other. Keys carry an HMAC of the account or address, never the identifier itself.
 */
export class Lockout {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: Buffer,
    private readonly rules: LockoutRules,
    private readonly now: () => number,
  ) {}

  /** Seconds until every lock on these subjects has lifted; 0 when none holds. */
  async lockedFor(subjects: AttemptSubjects): Promise<number> {
    const until = await Promise.all(this.active(subjects).map(([kind, value]) => this.store.getValue(this.keyOf('lock', kind, value))));
    const latest = Math.max(0, ...until.map((v) => Number(v ?? 0)));
    return Math.max(0, latest - this.now());
  }

  /** Counts a failure; returns the seconds of a lock it set off (0 when none) and what it locked. */
  async recordFailure(subjects: AttemptSubjects): Promise<{ seconds: number; locked: Array<'user' | 'address'> }> {
    let seconds = 0;
    const locked: Array<'user' | 'address'> = [];
    await Promise.all(
      this.active(subjects).map(async ([kind, value, limit]) => {
        const count = await this.store.incrementCounter(this.keyOf('fail', kind, value), this.rules.windowSeconds);
        if (count < limit) return;
        await this.store.putValue(this.keyOf('lock', kind, value), String(this.now() + this.rules.lockSeconds), this.rules.lockSeconds);
        await this.store.deleteValue(this.keyOf('fail', kind, value));
        seconds = this.rules.lockSeconds;
        locked.push(kind === 'user' ? 'user' : 'address');
      }),
    );
    return { seconds, locked };
  }

  /** A success clears the account's failures (not the address's: one good password must not reset a spray). */
  async recordSuccess(subjects: AttemptSubjects): Promise<void> {
    if (this.rules.userFailures > 0) await this.store.deleteValue(this.keyOf('fail', 'user', subjects.account));
  }

  private active(subjects: AttemptSubjects): Array<[Kind, string, number]> {
    const list: Array<[Kind, string, number]> = [];
    if (this.rules.userFailures > 0) list.push(['user', subjects.account, this.rules.userFailures]);
    if (this.rules.addressFailures > 0) list.push(['addr', subjects.address, this.rules.addressFailures]);
    return list;
  }

  private keyOf(what: 'fail' | 'lock', kind: Kind, value: string): string {
    return `signin:${what}:${kind}:${createHmac('sha256', this.key).update(value).digest('base64url')}`;
  }
}
