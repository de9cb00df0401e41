import type { Request } from 'express';
import { CoreError } from '../../src/core';
import { type NamedFailure, type WireResponse, NO_STORE } from '../kit';
import { bootErrorBody, bootErrorPath, jacksonPretty, servletParams } from '../kit/jvm';
import type { CasProfile, RequestSituation } from './profiles';

/**
 * What went wrong, in CAS's terms. CAS answers through three channels: the pac4j interceptor
 * (401 Spring Boot error page), the OAuth controllers (400 `error=…`), and the profile /
 * introspection controllers (their own bodies).
 */
export type Situation =
  | RequestSituation
  | 'unauthenticated'
  | 'introspection_client'
  | 'missing_token'
  | 'expired_token'
  | 'locked_out'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'server_error';

/** A core error with the CAS situation the route decided it is. */
export class CasFailure extends CoreError {
  constructor(
    readonly situation: Situation,
    cause: CoreError,
  ) {
    super(cause.code, cause.message, { reason: cause.reason, parameter: cause.parameter, retryAfter: cause.retryAfter, cause });
  }
}

export function fail(situation: Situation, code: CoreError['code'] = 'invalid_request', message: string = situation): CasFailure {
  return new CasFailure(situation, new CoreError(code, message));
}

export type Endpoint = 'token' | 'profile' | 'introspect' | 'revoke';

const situated = (situation: Situation, code: CoreError['code'], message: string, retryAfter?: number): NamedFailure => ({
  error: () => new CasFailure(situation, new CoreError(code, message, { retryAfter, reason: situation === 'locked_out' ? 'locked_out' : undefined })),
});

/**
 * CAS's failures by name, for scripted faults: each answers through the channel CAS uses for it
 * at the endpoint asked (the 400 channel's codes at the token endpoint, the profile endpoint's
 * own bodies there).
 */
export const CAS_FAULTS: Record<string, NamedFailure> = {
  invalid_grant: situated('grant_failed', 'invalid_grant', 'grant failed'),
  invalid_scope: situated('bad_scope', 'invalid_scope', 'scope refused'),
  unauthenticated: situated('unauthenticated', 'invalid_client', 'authentication failed'),
  locked: situated('locked_out', 'invalid_grant', 'too many failed attempts', 900),
  expired_accessToken: { code: 'expired_token', message: 'access token expired' },
  missing_accessToken: { code: 'invalid_token', reason: 'missing_parameter', parameter: 'access_token', message: 'access token missing' },
};

/** Situations every endpoint shares, for errors no route classified (body parsing, 405, outages). */
export function commonSituation(error: CoreError, endpoint: Endpoint): Situation {
  // The throttling module stands before the token endpoint's authentication, whoever is locked.
  if (endpoint === 'token' && error.reason === 'locked_out') return 'locked_out';
  if (error instanceof CasFailure) return error.situation;
  switch (error.code) {
    case 'method_not_allowed':
      return 'method_not_allowed';
    case 'payload_too_large':
      return 'payload_too_large';
    case 'unsupported_media_type':
      return 'unsupported_media_type';
    case 'server_unavailable':
      return 'unavailable';
    case 'server_error':
      return 'server_error';
    case 'invalid_client':
      return endpoint === 'introspect' ? 'introspection_client' : 'unauthenticated';
    case 'invalid_token':
    case 'expired_token':
      return error.reason === 'missing_parameter' ? 'missing_token' : 'expired_token';
    default:
      return 'bad_request';
  }
}

const USER_AUTH_REASONS = new Set(['bad_credentials', 'user_locked', 'user_disabled', 'unsupported_identifier']);

/**
 * Token endpoint, after authentication: which channel a grant failure belongs to. User and
 * PKCE failures, and anything wrong with a public client's refresh token, are authentication
 * failures in CAS (its pac4j authenticators check them before the controller runs).
 */
export function grantSituation(error: CoreError, grantType: string, publicClient: boolean): Situation {
  if (error instanceof CasFailure) return error.situation;
  if (error.reason === 'locked_out') return 'locked_out';
  const parameter = error.parameter;
  const refreshProblem = parameter === 'refresh_token';
  switch (error.code) {
    case 'invalid_request':
      if (grantType === 'password' && (parameter === 'username' || parameter === 'password')) return 'unauthenticated';
      if (grantType === 'authorization_code' && (parameter === 'code' || parameter === 'redirect_uri')) return 'bad_code';
      if (refreshProblem) return publicClient ? 'unauthenticated' : 'bad_refresh_token';
      return 'bad_request';
    case 'invalid_grant':
      if (error.reason === 'pkce_failed') return 'unauthenticated';
      if (grantType === 'password' && error.reason !== undefined && USER_AUTH_REASONS.has(error.reason)) return 'unauthenticated';
      if (parameter === 'code') return 'bad_code';
      if (refreshProblem) return publicClient ? 'unauthenticated' : 'bad_refresh_token';
      return 'grant_failed';
    case 'unauthorized_client':
      return 'grant_not_allowed';
    case 'unsupported_grant_type':
      return 'bad_request';
    case 'invalid_scope':
      return 'bad_scope';
    default:
      return commonSituation(error, 'token');
  }
}

/** Spring Boot's `/error` JSON, as the profile's Boot generation writes it. */
export function springError(profile: CasProfile, status: number, req: Request, nowMs: number, failure?: { exception?: string; message: string }): WireResponse {
  const body = bootErrorBody(profile.springError, { status, path: bootErrorPath(req), message: failure?.message, exception: failure?.exception }, nowMs);
  return { status, headers: status === 503 ? { 'Retry-After': '1' } : {}, body };
}

const SPRING_STATUS: Partial<Record<Situation, number>> = {
  unauthenticated: 401,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  server_error: 500,
};

function oauthError(profile: CasProfile, situation: RequestSituation): WireResponse {
  const wire = profile.requestErrors.codes[situation];
  if (profile.requestErrors.format === 'text') {
    // CAS ≤ 5.3 `OAuth20Utils.writeTextError`: text even when successes are JSON.
    return { status: 400, text: { contentType: 'text/plain', content: `error=${wire.error}` } };
  }
  return { status: 400, headers: { ...NO_STORE }, body: { ...wire } };
}

function profileError(profile: CasProfile, code: 'missing_accessToken' | 'expired_accessToken'): WireResponse {
  if (!profile.userProfile.pretty) {
    return { status: 401, body: { error: profile.userProfile.errorAsList ? [code] : code } };
  }
  return { status: 401, text: { contentType: 'application/json', content: jacksonPretty({ error: profile.userProfile.errorAsList ? [code] : code }) } };
}

/** `StringEscapeUtils.escapeHtml4` for the characters that matter in a message. */
function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * `DefaultThrottledRequestResponseHandler` (CAS 6.0+; 5.x's throttling interceptor sends the
 * same text): `sendError(423, "Access Denied for user [<username>] from IP Address [<addr>]")`,
 * rendered by Spring Boot's error page. A blank or missing username is `N/A` here in every
 * profile (CAS 5.x writes `null`, 6.0 `N/A` only for a missing one): the gateway's choice.
 */
function throttled(profile: CasProfile, req: Request, nowMs: number): WireResponse {
  const username = servletParams(req).username || 'N/A';
  return springError(profile, 423, req, nowMs, { message: `Access Denied for user [${escapeHtml(username)}] from IP Address [${req.ip ?? ''}]` });
}

/**
 * The wire answer for a situation at an endpoint; `retryAfter` (a lock-out, an overload) adds a
 * `Retry-After`. `nowMs` is the engine's clock, which error-page timestamps show.
 */
export function renderSituation(profile: CasProfile, endpoint: Endpoint, situation: Situation, req: Request, nowMs: number, retryAfter?: number): WireResponse {
  const wire = situationAnswer(profile, endpoint, situation, req, nowMs);
  return retryAfter === undefined ? wire : { ...wire, headers: { ...wire.headers, 'Retry-After': String(retryAfter) } };
}

function situationAnswer(profile: CasProfile, endpoint: Endpoint, situation: Situation, req: Request, nowMs: number): WireResponse {
  if (situation === 'locked_out') return throttled(profile, req, nowMs);
  if (situation === 'method_not_allowed') {
    return springError(profile, 405, req, nowMs, {
      exception: 'org.springframework.web.HttpRequestMethodNotSupportedException',
      message: `Request method '${req.method}' not supported`,
    });
  }
  const springStatus = SPRING_STATUS[situation];
  if (springStatus) return springError(profile, springStatus, req, nowMs);
  switch (endpoint) {
    case 'token':
      return oauthError(profile, situation in profile.requestErrors.codes ? (situation as RequestSituation) : 'bad_request');
    case 'profile':
      if (situation === 'missing_token') return profileError(profile, 'missing_accessToken');
      if (situation === 'expired_token') return profileError(profile, 'expired_accessToken');
      return springError(profile, 400, req, nowMs);
    case 'introspect':
      if (situation === 'introspection_client') {
        return { status: 401, headers: { ...NO_STORE, 'WWW-Authenticate': 'Basic realm="CAS"' }, body: { error: 'invalid_client' } };
      }
      if (situation === 'missing_token') return { status: 400, headers: { ...NO_STORE }, body: { error: 'missing_accessToken' } };
      return { status: 400, headers: { ...NO_STORE }, body: { error: 'invalid_request' } };
    case 'revoke':
      return { status: 400, headers: { ...NO_STORE }, body: { error: 'invalid_request' } };
  }
}
