import type { EngineContext } from './context';
import type { UserIdentifier } from './directory';
import { CoreError, isCoreError } from './errors';
import { guardedCheck, subjectsOf, type RequestOrigin } from './lockout/guard';
import type { User } from './model';

// A valid bcrypt hash of nothing anyone knows: an unknown user costs the same time as a known one.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.S6ZSGVlQ3g5Z7F6pM1bPXqXvQy4K';
const EVERY_IDENTIFIER: readonly UserIdentifier[] = ['username', 'email', 'phone_number'];

/**
 * Checks a user's password, then their status; the status is never revealed to a wrong password.
 * The check is behind the shared lock-out: a locked account or address is refused before bcrypt.
 */
export async function authenticateUser(
  context: EngineContext,
  identifier: string | undefined,
  password: string | undefined,
  allowed: readonly UserIdentifier[],
  origin?: RequestOrigin,
): Promise<User> {
  if (!identifier) throw new CoreError('invalid_request', 'username is required', { reason: 'missing_parameter', parameter: 'username' });
  if (password === undefined) throw new CoreError('invalid_request', 'password is required', { reason: 'missing_parameter', parameter: 'password' });
  // Count against the account whichever identifier names it, and against the text when none does.
  const named = context.directory.findUser(identifier.trim(), EVERY_IDENTIFIER);
  const attempt = { subjects: subjectsOf(named ? `uid:${named.uid}` : `id:${identifier.trim().toLowerCase()}`, origin), code: 'invalid_grant', subject: 'user' } as const;
  let user: User | undefined;
  let refused: unknown;
  try {
    user = context.directory.findUser(identifier, allowed);
  } catch (error) {
    // An identifier kind this caller does not accept still costs a password check, so its
    // answer takes as long as a wrong password.
    refused = error;
  }
  try {
    const ok = await guardedCheck(context, attempt, async (lane) => {
      const right = await context.secrets.verifyPassword(password, user?.passwordHash ?? DUMMY_HASH, lane);
      return right && refused === undefined;
    });
    if (refused !== undefined) throw refused;
    if (!user || !ok) throw new CoreError('invalid_grant', 'Bad credentials', { reason: 'bad_credentials' });
    requireActive(user);
  } catch (error) {
    if (isCoreError(error)) context.events.emit('authentication_failed', { subject: 'user', code: error.code, reason: error.reason });
    throw error;
  }
  return user;
}

export function requireActive(user: User): void {
  if (user.status === 'locked') throw new CoreError('invalid_grant', 'User account is locked', { reason: 'user_locked' });
  if (user.status === 'disabled') throw new CoreError('invalid_grant', 'User is disabled', { reason: 'user_disabled' });
}
