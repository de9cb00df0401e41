import { setTimeout as delay } from 'node:timers/promises';
import type { EngineContext } from '../context';
import { CoreError, isCoreError } from '../errors';
import type { Lane } from '../secrets/admission';
import type { AttemptSubjects } from './lockout';

/** Where a request came from: what a lock-out counts against besides the account. */
export interface RequestOrigin {
  /** The client address (an HTTP request's `ip`, which honours the trust-proxy setting). */
  readonly ip?: string | undefined;
}

export interface GuardedAttempt {
  subjects: AttemptSubjects;
  /** The error a lock-out is answered with: `invalid_grant` for users, `invalid_client` for clients. */
  code: 'invalid_grant' | 'invalid_client';
  subject: 'user' | 'client';
}

function lockedOut(attempt: GuardedAttempt, seconds: number): CoreError {
  return new CoreError(attempt.code, 'too many failed attempts; try again later', { reason: 'locked_out', retryAfter: seconds });
}

/**
 * One credential check behind the lock-out: refused before any bcrypt while a lock holds on
 * the account or the address, run in the slow lane when the address failed recently, and
 * counted: a failure may set off a lock (answered as the lock-out itself), a success clears
 * the account's failures. Returns whether the credential was right; the caller reports failures.
 */
export async function guardedCheck(context: EngineContext, attempt: GuardedAttempt, check: (lane: Lane) => Promise<boolean>): Promise<boolean> {
  const { lockout, events } = context;
  const standing = await lockout.standing(attempt.subjects);
  // A refusal is decided at once but answered after a pause: a flood's connections then wait
  // instead of spinning through refusals that cost the CPU good requests need.
  const refuse = async (error: CoreError): Promise<never> => {
    if (lockout.rules.refusalDelayMs > 0) await delay(lockout.rules.refusalDelayMs);
    throw error;
  };
  if (standing.lockedFor > 0) return refuse(lockedOut(attempt, standing.lockedFor));
  const ok = await check(standing.suspect ? 'suspect' : 'normal').catch((error: unknown) => {
    if (standing.suspect && isCoreError(error) && error.reason === 'overloaded') return refuse(error);
    throw error;
  });
  if (ok) {
    if (standing.accountFailures > 0) await lockout.recordSuccess(attempt.subjects);
    return true;
  }
  const { seconds, locked } = await lockout.recordFailure(attempt.subjects);
  for (const what of locked) events.emit('locked_out', { subject: what === 'address' ? 'address' : attempt.subject, seconds });
  if (seconds > 0) throw lockedOut(attempt, seconds);
  return false;
}

/** The lock-out subjects of a request: an account and, when known, the address. */
export function subjectsOf(account: string, origin: RequestOrigin | undefined): AttemptSubjects {
  const address = origin?.ip;
  return address ? { account, address } : { account };
}
