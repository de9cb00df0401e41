import { CoreError, isCoreError, type CoreErrorCode } from '../../src/core';
import { type NamedFailure, type WireResponse, rfcErrorCode, NO_STORE } from '../kit';
import { parseJavaScopeSet } from '../kit/jvm';
import type { MaxkeySettings } from './config';

export type MaxkeyEndpoint = 'token' | 'me' | 'check_token' | 'introspect' | 'other';

/** A failure that already knows its MaxKey wire form. */
export class MaxkeyError extends CoreError {
  constructor(
    readonly wire: WireResponse,
    code: CoreErrorCode = 'invalid_request',
    message = 'request refused',
  ) {
    super(code, message);
    this.name = 'MaxkeyError';
  }
}

/** `TokenEndpoint` catches every OAuth2Exception and answers 200 with just these two keys (3.5 – 4.2). */
export function oauth2(error: string, description: string): MaxkeyError {
  const code: CoreErrorCode = error === 'invalid_grant' || error === 'invalid_scope' || error === 'unsupported_grant_type' ? error : 'invalid_request';
  return new MaxkeyError({ status: 200, headers: { ...NO_STORE }, body: { error, error_description: description } }, code, description);
}

/** `TokenEndpointAuthenticationFilter.onUnsuccessfulAuthentication` is empty: 200, no body, no Content-Type. */
export function emptyReply(): MaxkeyError {
  return new MaxkeyError({ status: 200 }, 'invalid_client', 'client authentication failed');
}

/** `GlobalExceptionHandler`'s `Message` entity: `code`, `message`, `data`, nulls included. */
export function envelope(message: string, code = 2, status = 200): MaxkeyError {
  return new MaxkeyError({ status, body: { code, message, data: null } }, 'invalid_request', message);
}

export const NO_CLIENT_AUTHENTICATION = 'There is no client authentication. Try adding an appropriate authentication.';
export const PARAMETER_CHECK_FAILED = '请求的对象参数校验异常';
/** A client_credentials token has no user: MaxKey's adapter dereferences null (inferred text). */
export const NO_USER_MESSAGE = 'No user is associated with this access token';

/** `/me` and userinfo errors are a HashMap: `error_description` comes before `error`. */
export function resourceError(error: string, description: string): MaxkeyError {
  return new MaxkeyError({ status: 200, body: { error_description: description, error } }, 'invalid_token', description);
}

/**
 * A refused client at the token endpoint: an empty 200 for every grant but `password`, whose
 * failures reach `TokenEndpoint` as "no client authentication".
 */
export function clientRefusal(grantType: string): MaxkeyError {
  return grantType === 'password' ? oauth2('invalid_request', NO_CLIENT_AUTHENTICATION) : emptyReply();
}

/**
 * A lock-out is answered as MaxKey answers any refused credential (its filter swallows the
 * cause), plus a `Retry-After`: a header MaxKey's clients never read at HTTP 200, so harmless.
 */
function withRetryAfter(refusal: MaxkeyError, cause: CoreError): MaxkeyError {
  if (cause.reason !== 'locked_out' || cause.retryAfter === undefined) return refusal;
  const wire = { ...refusal.wire, headers: { ...refusal.wire.headers, 'Retry-After': String(cause.retryAfter) } };
  return new MaxkeyError(wire, refusal.code, refusal.message);
}

/** What `engine.authenticateClient` failures become at the token endpoint. */
export function clientAuthFailure(error: unknown, grantType: string): unknown {
  return isCoreError(error) && error.code === 'invalid_client' ? withRetryAfter(clientRefusal(grantType), error) : error;
}

/** The messages of MaxKey's granters and `DefaultTokenServices` for the core's grant failures (reference B.5). */
export function grantFailure(error: unknown, settings: MaxkeySettings, params: Record<string, string>): MaxkeyError | unknown {
  if (!isCoreError(error)) return error;
  const grantType = params.grant_type;
  if (grantType === 'password' && (error.code === 'invalid_grant' || error.reason === 'missing_parameter')) {
    // The filter swallows the user's failed authentication; TokenEndpoint then finds no authentication at all.
    return withRetryAfter(oauth2('invalid_request', NO_CLIENT_AUTHENTICATION), error);
  }
  if (error.reason === 'pkce_failed') {
    if (error.parameter !== 'code_verifier') return oauth2('invalid_request', 'code_challenge can not null.');
    return oauth2('invalid_request', params.code_verifier === undefined ? 'code_verifier can not null.' : 'code_verifier not match.');
  }
  if (error.parameter === 'code') {
    if (error.reason === 'client_mismatch') return oauth2('invalid_client', 'Client ID mismatch');
    // MaxKey does not compare redirect_uri (the check is commented out); the gateway keeps RFC 6749 §4.1.3.
    if (error.reason === 'redirect_mismatch') return oauth2('invalid_grant', 'Redirect URI mismatch.');
    return oauth2('invalid_grant', `Invalid authorization code: ${params.code}`);
  }
  if (grantType === 'refresh_token') {
    const value = params.refresh_token;
    if (error.code === 'invalid_scope') {
      return oauth2('invalid_scope', `Unable to narrow the scope of the client authentication to [${parseJavaScopeSet(params.scope).join(', ')}].`);
    }
    if (value === undefined) return oauth2('invalid_grant', 'Invalid refresh token: null');
    if (error.parameter === 'refresh_token') {
      if (error.reason === 'client_mismatch') return oauth2('invalid_grant', `Wrong client for this refresh token: ${value}`);
      if (error.reason === 'token_expired' && settings.persistence === 'memory') return oauth2('invalid_token', `Invalid refresh token (expired): ${value}`);
      return oauth2('invalid_grant', `Invalid refresh token: ${value}`);
    }
  }
  return error;
}

/**
 * What `engine.userInfo` failures say at `/me` and userinfo. An unknown token that is not a UUID
 * is "token Format Invalid", as MaxKey's regex check reports it.
 */
export function resourceTokenFailure(error: unknown, token: string | undefined, uuidShaped: boolean): unknown {
  if (!isCoreError(error)) return error;
  if (error.code === 'expired_token') return resourceError('invalid_token', `Access token expired: ${token}`);
  if (error.code !== 'invalid_token') return error;
  if (!uuidShaped) return resourceError('token Format Invalid', `access Token Format Invalid , access_token : ${token ?? 'null'}`);
  return resourceError('invalid_token', `Invalid access token: ${token}`);
}

/** `check_token`'s `InvalidTokenException` lands in `GlobalExceptionHandler`. */
export function checkTokenFailure(error: unknown): unknown {
  if (isCoreError(error) && error.code === 'expired_token') return envelope('Token has expired');
  if (isCoreError(error) && error.code === 'invalid_token') return envelope('Token was not recognised');
  return error;
}

/** MaxKey's failures by name, for scripted faults: its token endpoint's and exception handler's own answers. */
export const MAXKEY_FAULTS: Record<string, NamedFailure> = {
  no_client_authentication: { error: () => oauth2('invalid_request', NO_CLIENT_AUTHENTICATION) },
  empty_reply: { error: emptyReply },
  invalid_authorization_code: { error: () => oauth2('invalid_grant', 'Invalid authorization code: null') },
  invalid_refresh_token: { error: () => oauth2('invalid_grant', 'Invalid refresh token: null') },
  token_expired: { error: () => envelope('Token has expired') },
  token_not_recognised: { error: () => envelope('Token was not recognised') },
  parameter_check_failed: { error: () => envelope(PARAMETER_CHECK_FAILED) },
};

/** Failures of the gateway itself; MaxKey would say 200, but a proxy must be able to tell a fault from a refusal. */
function serverFault(error: CoreError): WireResponse {
  return error.code === 'server_unavailable'
    ? { status: 503, headers: { 'Retry-After': String(error.retryAfter ?? 1) }, body: { code: 2, message: 'Service Unavailable', data: null } }
    : { status: 500, body: { code: 2, message: 'Internal Server Error', data: null } };
}

/** Errors no MaxKey controller answers itself (bad bodies, wrong methods) go through `GlobalExceptionHandler`. */
function generic(error: CoreError): WireResponse {
  if (error.code === 'method_not_allowed') return envelope('Method Not Allowed', 405).wire;
  if (error.code === 'payload_too_large') return envelope('Payload Too Large').wire;
  if (error.code === 'unsupported_media_type') return envelope('Unsupported Media Type').wire;
  return envelope(error.reason === 'malformed_body' ? 'Bad Request' : PARAMETER_CHECK_FAILED).wire;
}

export function renderMaxkeyError(error: CoreError, endpoint: MaxkeyEndpoint): WireResponse {
  if (error instanceof MaxkeyError) return error.wire;
  if (error.code === 'server_error' || error.code === 'server_unavailable') return serverFault(error);
  const bodyProblem = error.reason === 'malformed_body' || ['method_not_allowed', 'payload_too_large', 'unsupported_media_type'].includes(error.code);
  if (bodyProblem) return generic(error);
  switch (endpoint) {
    case 'token':
      if (error.code === 'invalid_client') return emptyReply().wire;
      return oauth2(rfcErrorCode(error.code), error.message).wire;
    case 'me':
      return resourceError(rfcErrorCode(error.code), error.message).wire;
    default:
      return generic(error);
  }
}
