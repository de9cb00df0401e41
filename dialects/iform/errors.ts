import type { CoreError } from '../../src/core';
import { type NamedFailure, type WireResponse, NO_STORE } from '../kit';
import type { IformSettings } from './config';
import { envelope } from './support/envelope';

/** IBPS v3 `state` values (its front-end constants, `src/constants/state.js`). */
export const STATE = {
  SUCCESS: 200,
  SERVICE_ERROR: 500,
  ILLEGAL_REQUEST: 6010101,
  ILLEGAL_PERMISSION: 6010104,
  BAD_CREDENTIALS: 6020101,
  ILLEGAL_TOKEN: 6020201,
  TOKEN_EXPIRED: 6020301,
} as const;

/** Every failure the dialect tells apart; each maps to a state, a message and an HTTP status. */
export const FAILURES = [
  'illegal_request',
  'invalid_client',
  'unauthorized_client',
  'permission_denied',
  'bad_credentials',
  'user_locked',
  'user_disabled',
  'locked_out',
  'client_locked_out',
  'invalid_token',
  'expired_token',
  'invalid_authorize_code',
  'invalid_refresh_token',
  'invalid_login_state',
  'malformed_body',
  'unsupported_media_type',
  'payload_too_large',
  'method_not_allowed',
  'not_found',
  'server_unavailable',
  'server_error',
] as const;
export type Failure = (typeof FAILURES)[number];

export interface StateEntry {
  state: number;
  message: string;
  /** 200 for business errors (IBPS puts them in `state`); transport failures keep a real status. */
  httpStatus: number;
}

/** Picks the failure for a core error: code first, then the reason or parameter where it matters. */
export function failureOf(error: CoreError): Failure {
  switch (error.code) {
    case 'invalid_request':
      return error.reason === 'malformed_body' ? 'malformed_body' : 'illegal_request';
    case 'invalid_grant':
      if (error.reason === 'locked_out') return 'locked_out';
      if (error.reason === 'bad_credentials' || error.reason === 'unsupported_identifier') return 'bad_credentials';
      if (error.reason === 'user_locked') return 'user_locked';
      if (error.reason === 'user_disabled') return 'user_disabled';
      if (error.parameter === 'code') return 'invalid_authorize_code';
      if (error.parameter === 'refresh_token') return 'invalid_refresh_token';
      if (error.parameter === 'login_state') return 'invalid_login_state';
      return 'invalid_token';
    case 'invalid_client':
      return error.reason === 'locked_out' ? 'client_locked_out' : 'invalid_client';
    case 'unauthorized_client':
      return 'unauthorized_client';
    case 'access_denied':
    case 'insufficient_scope':
      return 'permission_denied';
    case 'unsupported_grant_type':
    case 'invalid_scope':
      return 'illegal_request';
    case 'invalid_token':
      return 'invalid_token';
    case 'expired_token':
      return 'expired_token';
    case 'payload_too_large':
    case 'unsupported_media_type':
    case 'method_not_allowed':
    case 'not_found':
    case 'server_unavailable':
    case 'server_error':
      return error.code;
  }
}

/** The core error each failure is told apart from (what `failureOf` turns back into it). */
const FAILURE_ERRORS: Record<Failure, NamedFailure> = {
  illegal_request: { code: 'invalid_request', message: 'illegal request' },
  invalid_client: { code: 'invalid_client', message: 'client authentication failed' },
  unauthorized_client: { code: 'unauthorized_client', message: 'grant type not allowed for the client' },
  permission_denied: { code: 'access_denied', message: 'permission denied' },
  bad_credentials: { code: 'invalid_grant', reason: 'bad_credentials', message: 'bad credentials' },
  user_locked: { code: 'invalid_grant', reason: 'user_locked', message: 'account locked' },
  user_disabled: { code: 'invalid_grant', reason: 'user_disabled', message: 'account disabled' },
  locked_out: { code: 'invalid_grant', reason: 'locked_out', message: 'too many failed attempts', retryAfter: 900 },
  client_locked_out: { code: 'invalid_client', reason: 'locked_out', message: 'too many failed attempts', retryAfter: 900 },
  invalid_token: { code: 'invalid_token', message: 'invalid token' },
  expired_token: { code: 'expired_token', message: 'token expired' },
  invalid_authorize_code: { code: 'invalid_grant', parameter: 'code', message: 'invalid authorization code' },
  invalid_refresh_token: { code: 'invalid_grant', parameter: 'refresh_token', message: 'invalid refresh token' },
  invalid_login_state: { code: 'invalid_grant', parameter: 'login_state', message: 'invalid login state' },
  malformed_body: { code: 'invalid_request', reason: 'malformed_body', message: 'request body could not be parsed' },
  unsupported_media_type: { code: 'unsupported_media_type', message: 'unsupported media type' },
  payload_too_large: { code: 'payload_too_large', message: 'request body too large' },
  method_not_allowed: { code: 'method_not_allowed', message: 'method not allowed' },
  not_found: { code: 'not_found', message: 'not found' },
  server_unavailable: { code: 'server_unavailable', message: 'the token store is unavailable' },
  server_error: { code: 'server_error', message: 'internal error' },
};

/**
 * iform's failures by name, for scripted faults: every failure above, and each `state` as a
 * string ('6020101') for its usual failure.
 */
export const IFORM_FAULTS: Record<string, NamedFailure> = {
  ...FAILURE_ERRORS,
  [String(STATE.ILLEGAL_REQUEST)]: FAILURE_ERRORS.illegal_request,
  [String(STATE.ILLEGAL_PERMISSION)]: FAILURE_ERRORS.permission_denied,
  [String(STATE.BAD_CREDENTIALS)]: FAILURE_ERRORS.bad_credentials,
  [String(STATE.ILLEGAL_TOKEN)]: FAILURE_ERRORS.invalid_token,
  [String(STATE.TOKEN_EXPIRED)]: FAILURE_ERRORS.expired_token,
  [String(STATE.SERVICE_ERROR)]: FAILURE_ERRORS.server_error,
};

/** Any core error as an envelope: vendor `state` and message, the detail in `cause`. */
export function renderIformError(error: CoreError, settings: IformSettings): WireResponse {
  const failure = failureOf(error);
  const entry = settings.failures[failure];
  const headers: Record<string, string> = { ...NO_STORE };
  // A lock-out (HTTP 200: IBPS's clients never read the header, so it is harmless) and an
  // overload say when to come back; any other outage, in a second.
  if (error.retryAfter !== undefined) headers['Retry-After'] = String(error.retryAfter);
  else if (failure === 'server_unavailable') headers['Retry-After'] = '1';
  // Unexpected failures say nothing about their cause.
  const cause = failure === 'server_error' ? '' : error.message;
  return { status: entry.httpStatus, headers, body: envelope(entry.state, { message: entry.message, cause }) };
}
