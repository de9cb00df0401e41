import type { CoreError } from '../../src/core/errors';
import type { WireResponse } from '../../src/http/dialect';
import { NO_STORE } from '../../src/http/wire';

const STATUS: Record<CoreError['code'], number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_token: 401,
  expired_token: 401,
  access_denied: 403,
  insufficient_scope: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  not_found: 404,
  server_unavailable: 503,
  server_error: 500,
};

/** Wire `error` values: RFC 6749 §5.2, RFC 6750 §3.1, and `temporarily_unavailable` for outages. */
const WIRE_CODE: Partial<Record<CoreError['code'], string>> = {
  expired_token: 'invalid_token',
  payload_too_large: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  method_not_allowed: 'invalid_request',
  server_unavailable: 'temporarily_unavailable',
};

export function renderStandardError(error: CoreError, usedBasic: boolean): WireResponse {
  const status = STATUS[error.code];
  const code = WIRE_CODE[error.code] ?? error.code;
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
