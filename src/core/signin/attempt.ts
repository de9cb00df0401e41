import type { TokenEngine } from '../engine';
import type { UserIdentifier } from '../directory';
import { isCoreError } from '../errors';
import type { User } from '../model';
import type { Lockout } from './lockout';

export type AttemptOutcome =
  | { status: 'signed_in'; user: User }
  /** Wrong password or no such user: the two are never told apart. */
  | { status: 'bad_credentials' }
  | { status: 'incomplete' }
  /** The password was right but the account is locked or disabled. */
  | { status: 'refused' }
  | { status: 'locked_out'; retryAfter: number };

export interface Attempt {
  identifier: string;
  password: string;
  address: string;
  identifiers: readonly UserIdentifier[];
}

const EVERY_IDENTIFIER: readonly UserIdentifier[] = ['username', 'email', 'phone_number'];

/**
 * One sign-in attempt: refused without checking the password while a lock holds, else the
 * engine checks the password, and failures are counted per account and per address.
 */
export async function attemptSignIn(engine: TokenEngine, lockout: Lockout, attempt: Attempt): Promise<AttemptOutcome> {
  const identifier = attempt.identifier.trim();
  if (!identifier || !attempt.password) return { status: 'incomplete' };
  // Count against the account whichever identifier names it, and against the text when none does.
  const known = engine.directory.findUser(identifier, EVERY_IDENTIFIER);
  const subjects = { account: known ? `uid:${known.uid}` : `id:${identifier.toLowerCase()}`, address: attempt.address };
  const lockedFor = await lockout.lockedFor(subjects);
  if (lockedFor > 0) return { status: 'locked_out', retryAfter: lockedFor };
  try {
    const user = await engine.authenticateUser(identifier, attempt.password, attempt.identifiers);
    await lockout.recordSuccess(subjects);
    return { status: 'signed_in', user };
  } catch (error) {
    if (!isCoreError(error)) throw error;
    if (error.reason === 'user_locked' || error.reason === 'user_disabled') return { status: 'refused' };
    // The engine already spent a password check on an identifier kind this flow refuses.
    if (error.reason !== 'bad_credentials' && error.reason !== 'unsupported_identifier') throw error;
    const { seconds, locked } = await lockout.recordFailure(subjects);
    for (const subject of locked) engine.context.events.emit('locked_out', { subject, seconds });
    return seconds > 0 ? { status: 'locked_out', retryAfter: seconds } : { status: 'bad_credentials' };
  }
}
