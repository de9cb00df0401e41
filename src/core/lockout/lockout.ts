import { createHmac } from 'node:crypto';
import type { KeyValueStore } from '../store';

export interface LockoutRules {
  /** Failures for one account (user or client) within `windowSeconds` that lock it; 0 turns the rule off. */
  userFailures: number;
  /** Failures from one client address within `windowSeconds` that lock it; 0 turns the rule off. */
  addressFailures: number;
  windowSeconds: number;
  /** How long a lock lasts. */
  lockSeconds: number;
  /** A locked or flooding source's refusal is answered after this pause. */
  refusalDelayMs: number;
}

export const DEFAULT_LOCKOUT: LockoutRules = { userFailures: 5, addressFailures: 20, windowSeconds: 900, lockSeconds: 900, refusalDelayMs: 250 };

/** Who an attempt is counted against. */
export interface AttemptSubjects {
  /** The account: `uid:…` for a known user, `id:…` for an identifier naming none, `client:…` for a client. */
  account: string;
  /** The client address, when the request came over a network. */
  address?: string;
}

/** What the counters say about a coming attempt, read in one round trip. */
export interface Standing {
  /** Seconds until every lock on these subjects has lifted; 0 when none holds. */
  lockedFor: number;
  /** The address failed recently: its checks wait behind everyone else's. */
  suspect: boolean;
  /** Failures counted against the account in the current window. */
  accountFailures: number;
}

type Kind = 'user' | 'addr';
export type LockedSubject = 'account' | 'address';

/**
 * Failure counters and locks in the token store, so a lock set by one process holds in every
 * other and at every door (sign-in page and every dialect's token endpoint). Keys carry an
 * HMAC of the account or address, never the identifier itself.
 */
export class Lockout {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: Buffer,
    readonly rules: LockoutRules,
    private readonly now: () => number,
  ) {}

  async standing(subjects: AttemptSubjects): Promise<Standing> {
    const active = this.active(subjects);
    if (active.length === 0) return { lockedFor: 0, suspect: false, accountFailures: 0 };
    const reads = active.flatMap(([kind, value]) => [this.store.getValue(this.keyOf('lock', kind, value)), this.store.getValue(this.keyOf('fail', kind, value))]);
    const values = await Promise.all(reads);
    let latest = 0;
    let suspect = false;
    let accountFailures = 0;
    active.forEach(([kind], i) => {
      latest = Math.max(latest, Number(values[2 * i] ?? 0));
      const failures = Number(values[2 * i + 1] ?? 0);
      if (kind === 'addr') suspect = failures > 0;
      else accountFailures = failures;
    });
    return { lockedFor: Math.max(0, latest - this.now()), suspect, accountFailures };
  }

  /** Seconds until every lock on these subjects has lifted; 0 when none holds. */
  async lockedFor(subjects: AttemptSubjects): Promise<number> {
    return (await this.standing(subjects)).lockedFor;
  }

  /** Counts a failure; returns the seconds of a lock it set off (0 when none) and what it locked. */
  async recordFailure(subjects: AttemptSubjects): Promise<{ seconds: number; locked: LockedSubject[] }> {
    let seconds = 0;
    const locked: LockedSubject[] = [];
    await Promise.all(
      this.active(subjects).map(async ([kind, value, limit]) => {
        const count = await this.store.incrementCounter(this.keyOf('fail', kind, value), this.rules.windowSeconds);
        if (count < limit) return;
        await this.store.putValue(this.keyOf('lock', kind, value), String(this.now() + this.rules.lockSeconds), this.rules.lockSeconds);
        await this.store.deleteValue(this.keyOf('fail', kind, value));
        seconds = this.rules.lockSeconds;
        locked.push(kind === 'user' ? 'account' : 'address');
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
    if (this.rules.addressFailures > 0 && subjects.address) list.push(['addr', subjects.address, this.rules.addressFailures]);
    return list;
  }

  private keyOf(what: 'fail' | 'lock', kind: Kind, value: string): string {
    return `signin:${what}:${kind}:${createHmac('sha256', this.key).update(value).digest('base64url')}`;
  }
}
