import type { TokenEngine } from '../engine';
import type { UserIdentifier } from '../directory';
import { isCoreError } from '../errors';
import type { User } from '../model';

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

/**
 * One sign-in attempt through the engine's user check, which counts failures per account and
 * per address in the lock-out every door shares and refuses a locked one before bcrypt.
 */
export async function attemptSignIn(engine: TokenEngine, attempt: Attempt): Promise<AttemptOutcome> {
  const identifier = attempt.identifier.trim();
  if (!identifier || !attempt.password) return { status: 'incomplete' };
  try {
    const user = await engine.authenticateUser(identifier, attempt.password, attempt.identifiers, { ip: attempt.address });
    return { status: 'signed_in', user };
  } catch (error) {
    if (!isCoreError(error)) throw error;
    if (error.reason === 'locked_out') return { status: 'locked_out', retryAfter: error.retryAfter ?? 1 };
    if (error.reason === 'user_locked' || error.reason === 'user_disabled') return { status: 'refused' };
    if (error.reason === 'bad_credentials' || error.reason === 'unsupported_identifier') return { status: 'bad_credentials' };
    throw error;
  }
}
