import { type Directory, type UserIdentifier, CoreError } from '../../src/core';
import type { AuthSource } from './config';

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+?[0-9][0-9 -]{5,}$/;

/** What kind of identifier a `username` parameter is written as. */
export function identifierKind(value: string): UserIdentifier {
  if (EMAIL.test(value)) return 'email';
  if (PHONE.test(value)) return 'phone_number';
  return 'username';
}

/**
 * CIAM refuses an identifier of a kind the auth source does not take (doc 1441/67148: "username
 * is an email address but the source has no email attribute") whether or not anyone has it, so
 * the answer tells nothing about who exists. A real username that merely looks like an email or
 * a phone number is still a username.
 */
export function requireAcceptedIdentifier(source: AuthSource, username: string, directory: Directory): void {
  if (source.identifiers.includes(identifierKind(username))) return;
  if (source.identifiers.includes('username') && directory.userByUsername(username)) return;
  throw new CoreError('invalid_grant', 'this kind of user identifier is not accepted by the auth source', {
    reason: 'unsupported_identifier',
    parameter: 'username',
  });
}
