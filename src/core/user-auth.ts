import type { EngineContext } from './context';
import type { UserIdentifier } from './directory';
import { CoreError } from './errors';
import type { User } from './model';

// A valid bcrypt hash of nothing anyone knows: an unknown user costs the same time as a known one.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.S6ZSGVlQ3g5Z7F6pM1bPXqXvQy4K';

/** Checks a user's password, then their status; the status is never revealed to a wrong password. */
export async function authenticateUser(
  context: EngineContext,
  identifier: string | undefined,
  password: string | undefined,
  allowed: readonly UserIdentifier[],
): Promise<User> {
  if (!identifier) throw new CoreError('invalid_request', 'username is required', { reason: 'missing_parameter', parameter: 'username' });
  if (password === undefined) throw new CoreError('invalid_request', 'password is required', { reason: 'missing_parameter', parameter: 'password' });
  let user: User | undefined;
  try {
    user = context.directory.findUser(identifier, allowed);
  } catch (refused) {
    // An identifier kind this caller does not accept still costs a password check, so its
    // answer takes as long as a wrong password.
    await context.secrets.verifyPassword(password, DUMMY_HASH);
    throw refused;
  }
  const ok = await context.secrets.verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  try {
    if (!user || !ok) throw new CoreError('invalid_grant', 'Bad credentials', { reason: 'bad_credentials' });
    requireActive(user);
  } catch (error) {
    context.events.emit('authentication_failed', { subject: 'user', code: (error as CoreError).code, reason: (error as CoreError).reason });
    throw error;
  }
  return user;
}

export function requireActive(user: User): void {
  if (user.status === 'locked') throw new CoreError('invalid_grant', 'User account is locked', { reason: 'user_locked' });
  if (user.status === 'disabled') throw new CoreError('invalid_grant', 'User is disabled', { reason: 'user_disabled' });
}
