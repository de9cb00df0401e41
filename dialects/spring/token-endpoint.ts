import type { RequestHandler } from 'express';
import { isCoreError, type TokenResult } from '../../src/core';
import { type DialectContext, requestValidator, NO_STORE, send } from '../kit';
import type { SpringSettings } from './config';
import { mvcMethodNotAllowed, oauth2 } from './errors';
import { hasText, parseSpringScope, springParams } from './params';
import type { SpringPolicies } from './policy';
import { requireSpringClient } from './client-auth';
import { refreshFailure } from './refresh-failures';
import { SPRING_TOKEN_GRANTS, springPolicyFor, springScopeRefusal, springTokenRequest } from '../kit/jvm';

/** `OAuth2AccessTokenJackson2Serializer`: fixed keys, then additional information in insertion order. */
export function tokenBody(result: TokenResult, now: number, settings: SpringSettings): Record<string, unknown> {
  const body: Record<string, unknown> = { access_token: result.accessToken.value, token_type: 'bearer' };
  if (result.refreshToken) body.refresh_token = result.refreshToken.value;
  // Spring divides the milliseconds left at serialisation time: a fresh 7200 s token says 7199.
  body.expires_in = Math.max(0, result.accessToken.record.expiresAt - now - 1);
  if (result.scope.length > 0) body.scope = result.scope.join(' ');
  Object.assign(body, settings.extraClaims);
  if (settings.jwt && result.accessToken.record.jti !== undefined) body.jti = result.accessToken.record.jti;
  return body;
}

/** Turns the core's grant failures into the messages of Spring's granters and token services. */
async function grantFailure(error: unknown, context: DialectContext, settings: SpringSettings, params: Record<string, string>): Promise<never> {
  if (!isCoreError(error)) throw error;
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

function unsupportedGrant(settings: SpringSettings, grantType: string) {
  return oauth2(400, 'unsupported_grant_type', settings.profile.unsupportedGrantMessage.replace('{grant_type}', grantType));
}

/**
 * `TokenEndpoint`: client authentication first (even for a refused method), then the client_id
 * cross-check, scope validation, grant type checks, and the granter.
 */
export function tokenEndpoint(context: DialectContext, settings: SpringSettings, policies: SpringPolicies): RequestHandler {
  const validate = requestValidator('spring', 'token');
  return async (req, res) => {
    const params = springParams(req);
    const client = await requireSpringClient(req, params, context.engine, settings.allowFormAuthentication);
    if (req.method !== 'GET' && req.method !== 'POST') throw mvcMethodNotAllowed(req.method, ['GET', 'POST']);
    if (!settings.tokenEndpointMethods.includes(req.method)) {
      throw oauth2(405, 'method_not_allowed', `Request method '${req.method}' not supported`);
    }
    validate(params);
    // DefaultOAuth2RequestFactory compares the raw parameter: "" or " id " do not match.
    if (params.client_id !== undefined && params.client_id !== client.clientId) {
      throw oauth2(401, 'invalid_client', 'Given client ID does not match authenticated client');
    }
    const requested = parseSpringScope(params.scope);
    const scopeRefusal = springScopeRefusal(requested.length > 0 ? requested : client.scopes, client);
    if (scopeRefusal) throw oauth2(400, 'invalid_scope', scopeRefusal.message, scopeRefusal.invalid !== undefined ? { scope: client.scopes.join(' ') } : undefined);
    const grantType = params.grant_type;
    if (!hasText(grantType)) throw oauth2(400, 'invalid_request', 'Missing grant type');
    if (grantType === 'implicit') throw oauth2(400, 'invalid_grant', 'Implicit grant type not supported from token endpoint');
    if (!SPRING_TOKEN_GRANTS.includes(grantType) || (grantType === 'password' && !settings.passwordGrant)) throw unsupportedGrant(settings, grantType);
    let result: TokenResult;
    try {
      result = await context.engine.token(springTokenRequest(grantType, client, requested, params), springPolicyFor(client, policies));
    } catch (error) {
      return grantFailure(error, context, settings, params);
    }
    send(res, { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, context.engine.now(), settings) });
  };
}
