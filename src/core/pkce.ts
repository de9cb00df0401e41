import { createHash } from 'node:crypto';
import { constantTimeEqual } from './crypto/server-secret';
import { CoreError } from './errors';

export type PkceMethod = 'S256' | 'plain';

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export function checkChallengeMethod(method: string | undefined): PkceMethod {
  if (method === undefined || method === 'plain') return 'plain';
  if (method === 'S256') return 'S256';
  throw new CoreError('invalid_request', 'code_challenge_method must be S256 or plain', { parameter: 'code_challenge_method' });
}

/** RFC 7636 §4.6. */
export function verifyPkce(challenge: string, method: PkceMethod, verifier: string | undefined): void {
  if (verifier === undefined || !VERIFIER.test(verifier)) {
    throw new CoreError('invalid_grant', 'code_verifier is missing or malformed', { reason: 'pkce_failed', parameter: 'code_verifier' });
  }
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  if (!constantTimeEqual(computed, challenge)) {
    throw new CoreError('invalid_grant', 'code_verifier does not match the code challenge', { reason: 'pkce_failed', parameter: 'code_verifier' });
  }
}
