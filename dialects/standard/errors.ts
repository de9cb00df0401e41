import type { CoreError } from '../../src/core';
import { type NamedFailure, type WireResponse, NO_STORE, RFC_STATUS, rfcErrorCode } from '../kit';

/** Names for scripted faults beyond the core codes: the RFC's own for an outage. */
export const STANDARD_FAULTS: Record<string, NamedFailure> = {
  temporarily_unavailable: { code: 'server_unavailable', message: 'the token store is unavailable' },
};

const BASIC_CHALLENGE = 'Basic realm="oauth-dialects"';

/**
 * Any core error as an RFC 6749 §5.2 body, with the RFC status for its code. Challenges:
 * HTTP Basic for a client that tried it (§5.2), Bearer for a bad access token (RFC 6750 §3).
 */
export function renderStandardError(error: CoreError, usedBasic: boolean): WireResponse {
  const status = RFC_STATUS[error.code];
  const code = rfcErrorCode(error.code);
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.code === 'invalid_client' && usedBasic) headers['WWW-Authenticate'] = BASIC_CHALLENGE;
  if (error.code === 'invalid_token' || error.code === 'expired_token') {
    headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${error.message}"`;
  }
  // A lock-out (`locked_out`) and a refused credential check (`overloaded`) say when to come back.
  if (error.retryAfter !== undefined) headers['Retry-After'] = String(error.retryAfter);
  else if (error.code === 'server_unavailable') headers['Retry-After'] = '1';
  // Unexpected failures say nothing about their cause.
  const description = error.code === 'server_error' ? 'internal error' : error.message;
  return { status, headers, body: { error: code, error_description: description } };
}
