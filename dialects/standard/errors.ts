import type { CoreError } from '../../src/core';
import { type WireResponse, NO_STORE, RFC_STATUS, rfcErrorCode } from '../kit';



export function renderStandardError(error: CoreError, usedBasic: boolean): WireResponse {
  const status = RFC_STATUS[error.code];
  const code = rfcErrorCode(error.code);
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.code === 'invalid_client' && usedBasic) headers['WWW-Authenticate'] = 'Basic realm="oauth-dialects"';
  if (error.code === 'invalid_token' || error.code === 'expired_token') {
    headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${error.message}"`;
  }
  if (error.code === 'server_unavailable') headers['Retry-After'] = '1';
  // Unexpected failures say nothing about their cause.
  const description = error.code === 'server_error' ? 'internal error' : error.message;
  return { status, headers, body: { error: code, error_description: description } };
}
