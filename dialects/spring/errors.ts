import type { Request } from 'express';
import { CoreError, isCoreError, type CoreErrorCode } from '../../src/core';
import { type DialectContext, type NamedFailure, type WireResponse, NO_STORE } from '../kit';
import { bootErrorBody, bootErrorPath, parseJavaScopeSet, type BootErrorProfile } from '../kit/jvm';
import type { SpringSettings } from './config';

/**
 * How Spring answers a failure. `oauth2`: `DefaultWebResponseExceptionTranslator` (error,
 * error_description, then the exception's extra keys alphabetically, all strings).
 * `container`: the servlet container's sendError, rendered by Spring Boot's `/error` page.
 */
export type SpringFailure =
  | {
      kind: 'oauth2';
      status: number;
      error: string;
      description: string;
      extra?: Record<string, string>;
      /** `Form`: the client-credentials filter's entry point (realm oauth2/client). */
      challenge?: 'Form';
      /** Seconds for a `Retry-After` (a lock-out, an overload). */
      retryAfter?: number;
    }
  | {
      kind: 'container';
      status: number;
      /** The message Boot 2.0–2.2 shows. */
      message: string;
      /** Boot 1.x shows the exception's own message where it differs. */
      legacyMessage?: string;
      headers?: Record<string, string>;
      retryAfter?: number;
    };

/** A failure that already knows its Spring wire form. */
export class SpringError extends CoreError {
  constructor(
    readonly failure: SpringFailure,
    code: CoreErrorCode = 'invalid_request',
  ) {
    super(code, failure.kind === 'oauth2' ? failure.description : failure.message);
    this.name = 'SpringError';
  }
}

export const REALM = 'oauth2/client';
export const BASIC_CHALLENGE = { 'WWW-Authenticate': `Basic realm="${REALM}"` };

export function oauth2(status: number, error: string, description: string, extra?: Record<string, string>): SpringError {
  return new SpringError({ kind: 'oauth2', status, error, description, extra }, coreCodeOf(status, error));
}

function coreCodeOf(status: number, error: string): CoreErrorCode {
  if (status >= 500) return 'server_error';
  const known: CoreErrorCode[] = ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'invalid_token', 'access_denied', 'insufficient_scope'];
  return known.find((code) => code === error) ?? 'invalid_request';
}

/** The 401 of `BasicAuthenticationEntryPoint`: a Boot error page with a Basic challenge. */
export function basicChallenge(legacyMessage: string, retryAfter?: number): SpringError {
  return new SpringError({ kind: 'container', status: 401, message: 'Unauthorized', legacyMessage, headers: { ...BASIC_CHALLENGE }, retryAfter }, 'invalid_client');
}

/** `AccountStatusUserDetailsChecker`'s `LockedException` text, what a lock-out is answered with. */
export const ACCOUNT_LOCKED = 'User account is locked';

const isLockout = (error: CoreError | undefined): boolean => error?.reason === 'locked_out';

/** Spring MVC's 405 for a method no handler maps (DefaultHandlerExceptionResolver). */
export function mvcMethodNotAllowed(method: string, allowed: string[]): SpringError {
  return new SpringError(
    { kind: 'container', status: 405, message: `Request method '${method}' not supported`, headers: { Allow: allowed.join(', ') } },
    'method_not_allowed',
  );
}

export const ACCESS_DENIED = () => oauth2(403, 'access_denied', 'Access is denied');

/**
 * `ClientCredentialsTokenEndpointFilter`'s refusal of form credentials. A `LockedException` is
 * no `BadCredentialsException`: its entry point translates it to 401 `unauthorized`.
 */
export function BAD_CLIENT_CREDENTIALS(cause?: CoreError): SpringError {
  if (isLockout(cause)) {
    return new SpringError({ kind: 'oauth2', status: 401, error: 'unauthorized', description: ACCOUNT_LOCKED, challenge: 'Form', retryAfter: cause?.retryAfter }, 'invalid_client');
  }
  return new SpringError({ kind: 'oauth2', status: 401, error: 'invalid_client', description: 'Bad client credentials', challenge: 'Form' }, 'invalid_client');
}

/** `BasicAuthenticationFilter`'s refusal of HTTP Basic credentials: the exception's message on the error page. */
export function BAD_BASIC_CREDENTIALS(cause?: CoreError): SpringError {
  return isLockout(cause) ? basicChallenge(ACCOUNT_LOCKED, cause?.retryAfter) : basicChallenge('Bad credentials');
}

/** The anonymous caller of an endpoint that needs an authenticated client. */
export const FULL_AUTHENTICATION_REQUIRED = () => basicChallenge('Full authentication is required to access this resource');

export function unsupportedGrant(settings: SpringSettings, grantType: string): SpringError {
  return oauth2(400, 'unsupported_grant_type', settings.profile.unsupportedGrantMessage.replace('{grant_type}', grantType));
}

/** CheckTokenEndpoint's InvalidTokenException handler forces 400, which RemoteTokenServices reads. */
export const invalidCheckToken = (description: string) => oauth2(400, 'invalid_token', description);

/** The engine's refusal of a check_token token, in CheckTokenEndpoint's words. */
export function checkTokenFailure(error: unknown): never {
  if (isCoreError(error) && error.code === 'expired_token') throw invalidCheckToken('Token has expired');
  if (isCoreError(error) && error.code === 'invalid_token') throw invalidCheckToken('Token was not recognised');
  throw error;
}

/** Spring's failures by name, for scripted faults: its filters' and granters' own answers. */
export const SPRING_FAULTS: Record<string, NamedFailure> = {
  invalid_client: { error: () => BAD_CLIENT_CREDENTIALS() },
  bad_client_credentials: { error: () => BAD_CLIENT_CREDENTIALS() },
  bad_basic_credentials: { error: () => BAD_BASIC_CREDENTIALS() },
  full_authentication_required: { error: FULL_AUTHENTICATION_REQUIRED },
  bad_credentials: { error: () => oauth2(400, 'invalid_grant', 'Bad credentials') },
  account_locked: { error: () => oauth2(400, 'invalid_grant', ACCOUNT_LOCKED) },
  access_denied: { error: ACCESS_DENIED },
  token_expired: { error: () => invalidCheckToken('Token has expired') },
  token_not_recognised: { error: () => invalidCheckToken('Token was not recognised') },
};

/** Turns the core's grant failures into the messages of Spring's granters and token services. */
export function grantFailure(error: unknown, context: DialectContext, settings: SpringSettings, params: Record<string, string>): never {
  if (!isCoreError(error)) throw error;
  if (isLockout(error)) {
    // The lock-out refuses the user as a locked account: DaoAuthenticationProvider's LockedException.
    throw new SpringError({ kind: 'oauth2', status: 400, error: 'invalid_grant', description: ACCOUNT_LOCKED, retryAfter: error.retryAfter }, 'invalid_grant');
  }
  const missing = error.reason === 'missing_parameter';
  const grantType = params.grant_type;
  if (missing && (error.parameter === 'username' || error.parameter === 'password')) {
    // DaoAuthenticationProvider: a null username or password is just bad credentials.
    throw oauth2(400, 'invalid_grant', 'Bad credentials');
  }
  if (error.parameter === 'code') {
    if (missing) throw oauth2(400, 'invalid_request', 'An authorization code must be supplied.');
    if (error.reason === 'redirect_mismatch') throw oauth2(400, 'invalid_grant', 'Redirect URI mismatch.');
    if (error.code === 'invalid_grant') throw oauth2(400, 'invalid_grant', `Invalid authorization code: ${params.code}`);
  }
  if (grantType === 'refresh_token') {
    if (missing && error.parameter === 'refresh_token') {
      const { status, error: code, description } = settings.profile.missingRefreshToken;
      throw oauth2(status, code, description);
    }
    const translated = refreshFailure(error, params, context, settings);
    if (translated) throw translated;
  }
  if (error.code === 'unsupported_grant_type') throw unsupportedGrant(settings, grantType ?? '');
  throw error;
}

/**
 * `DefaultTokenServices.refreshAccessToken`'s messages for a refused refresh token, which echo
 * the token; the core's reason says which one applies.
 */
function refreshFailure(error: CoreError, params: Record<string, string>, context: DialectContext, settings: SpringSettings): SpringError | undefined {
  const value = params.refresh_token;
  if (value === undefined) return undefined;
  if (error.code === 'invalid_scope') {
    // A Java TreeSet's toString: "[read, write]".
    return oauth2(400, 'invalid_scope', `Unable to narrow the scope of the client authentication to [${parseJavaScopeSet(params.scope).join(', ')}].`, {
      scope: (error.grantedScope ?? []).join(' '),
    });
  }
  if (error.code !== 'invalid_grant' || error.parameter !== 'refresh_token') return undefined;
  if (settings.jwt) {
    // JwtTokenStore decodes before anything else.
    const claims = context.engine.keys.verify(value, { clockTimestamp: context.engine.now(), ignoreExpiration: true });
    if (!claims) return oauth2(401, 'invalid_token', 'Cannot convert access token to JSON');
    if (!('ati' in claims)) return oauth2(401, 'invalid_token', 'Encoded token is not a refresh token');
  }
  if (error.reason === 'client_mismatch') return oauth2(400, 'invalid_grant', `Wrong client for this refresh token: ${value}`);
  if (error.reason === 'token_expired') return oauth2(401, 'invalid_token', `Invalid refresh token (expired): ${value}`);
  return oauth2(400, 'invalid_grant', `Invalid refresh token: ${value}`);
}

/** What Spring has no special answer for, mapped from the core's codes. */
function fromCoreError(error: CoreError, method: string): SpringFailure {
  const plain = (status: number, code: string, description = error.message): SpringFailure => ({ kind: 'oauth2', status, error: code, description });
  switch (error.code) {
    case 'invalid_request':
      return plain(400, 'invalid_request');
    case 'invalid_client':
      return plain(401, 'invalid_client');
    case 'invalid_grant':
      return plain(400, 'invalid_grant');
    case 'unauthorized_client':
      // AbstractTokenGranter.validateGrantType throws InvalidClientException.
      return error.reason === 'grant_not_allowed' ? plain(401, 'invalid_client') : plain(401, 'unauthorized_client');
    case 'unsupported_grant_type':
      return plain(400, 'unsupported_grant_type');
    case 'invalid_scope':
      return plain(400, 'invalid_scope');
    case 'invalid_token':
    case 'expired_token':
      return plain(401, 'invalid_token');
    case 'access_denied':
      return plain(403, 'access_denied', 'Access is denied');
    case 'insufficient_scope':
      return plain(403, 'insufficient_scope');
    case 'payload_too_large':
      return { kind: 'container', status: 413, message: 'Payload Too Large' };
    case 'unsupported_media_type':
      return { kind: 'container', status: 415, message: 'Unsupported Media Type' };
    case 'method_not_allowed':
      return { kind: 'container', status: 405, message: `Request method '${method}' not supported` };
    case 'not_found':
      return { kind: 'container', status: 404, message: 'No message available' };
    case 'server_unavailable':
      // Spring answers a store outage with its generic server_error; 503 tells balancers to retry.
      return plain(503, 'server_error', 'Internal Server Error');
    case 'server_error':
      return plain(500, 'server_error', 'Internal Server Error');
  }
}

/** Header values must stay printable ASCII whatever a client echoed into a message. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}

function renderOAuth2(failure: Extract<SpringFailure, { kind: 'oauth2' }>): WireResponse {
  const extra = Object.entries(failure.extra ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body: Record<string, string> = { error: failure.error, error_description: failure.description };
  for (const [key, value] of extra) body[key] = value;
  const headers: Record<string, string> = { ...NO_STORE };
  const summary = [`error="${failure.error}"`, `error_description="${failure.description}"`, ...extra.map(([k, v]) => `${k}="${v}"`)].join(', ');
  if (failure.challenge === 'Form') headers['WWW-Authenticate'] = headerSafe(`Form realm="${REALM}", ${summary}`);
  else if (failure.status === 401 || failure.error === 'insufficient_scope') headers['WWW-Authenticate'] = headerSafe(`Bearer ${summary}`);
  if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
  else if (failure.status === 503) headers['Retry-After'] = '1';
  return { status: failure.status, headers, body };
}

function renderContainer(failure: Extract<SpringFailure, { kind: 'container' }>, path: string, bootError: BootErrorProfile, nowMs: number): WireResponse {
  const body = bootErrorBody(bootError, { status: failure.status, path, message: failure.message, containerMessage: failure.legacyMessage }, nowMs);
  const headers: Record<string, string> = { ...(failure.headers ?? {}) };
  if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
  return { status: failure.status, headers, body };
}

/** `nowMs`: the engine's clock, which the error page's timestamp shows. */
export function renderSpringError(error: CoreError, req: Request, bootError: BootErrorProfile, nowMs: number): WireResponse {
  const failure = error instanceof SpringError ? error.failure : { ...fromCoreError(error, req.method), retryAfter: error.retryAfter };
  if (failure.kind === 'oauth2') return renderOAuth2(failure);
  return renderContainer(failure, bootErrorPath(req), bootError, nowMs);
}
