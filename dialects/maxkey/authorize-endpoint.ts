import type { Request, RequestHandler } from 'express';
import { CoreError, isCoreError, type TokenPolicy, type TokenEngine, type TokenResult } from '../../src/core';
import {
  type DialectContext,
  readParams,
  stringParam,
  requestValidator,
  rfc6749Redirect,
  type AuthorizationRequest,
  type RedirectTarget,
} from '../kit';
import { parseScopeSet } from './params';

function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** `response_type=code` or `token` (implicit) on the gateway's shared sign-in. */
function parseAuthorization(req: Request, validate: (params: Record<string, unknown>) => void): AuthorizationRequest {
  const request: AuthorizationRequest = { clientId: single(req, 'client_id'), redirectUri: single(req, 'redirect_uri'), state: single(req, 'state') };
  try {
    const params = readParams(req, { query: true, repeated: 'error' });
    validate(params);
    const responseType = stringParam(params, 'response_type');
    if (responseType !== 'code' && responseType !== 'token') {
      throw new CoreError('invalid_request', responseType === undefined ? 'response_type is required' : `Unsupported response types: [${responseType}]`, {
        parameter: 'response_type',
        reason: responseType === undefined ? 'missing_parameter' : undefined,
      });
    }
    request.responseType = responseType;
    const scope = parseScopeSet(stringParam(params, 'scope'));
    request.scope = scope.length > 0 ? scope : undefined;
    request.codeChallenge = stringParam(params, 'code_challenge');
    request.codeChallengeMethod = stringParam(params, 'code_challenge_method') ?? (request.codeChallenge !== undefined ? 'plain' : undefined);
    const nonce = stringParam(params, 'nonce');
    request.extra = nonce !== undefined ? { nonce } : {};
  } catch (error) {
    if (!isCoreError(error)) throw error;
    request.problem = error;
  }
  return request;
}

/**
 * Implicit (MaxKey 4.1 inherits Spring OAuth2's `AuthorizationEndpoint`): the fragment carries
 * access_token, token_type, state, expires_in, then scope only when it differs from the request's.
 */
function implicitFragment(engine: TokenEngine) {
  return (result: TokenResult, target: RedirectTarget): string => {
    const fragment = new URLSearchParams({ access_token: result.accessToken.value, token_type: 'bearer' });
    if (target.state !== undefined) fragment.set('state', target.state);
    fragment.set('expires_in', String(Math.max(0, result.accessToken.record.expiresAt - engine.now() - 1)));
    const granted = [...result.scope].sort().join(' ');
    if ([...(target.requestedScope ?? [])].sort().join(' ') !== granted) fragment.set('scope', granted);
    return `${target.redirectUri}#${fragment.toString()}`;
  };
}

/** GET `/authz/oauth/v20/authorize`: code and `state` in the redirect query, or implicit tokens in the fragment. */
export function authorizeEndpoint(context: DialectContext, policy: TokenPolicy): RequestHandler {
  const validate = requestValidator('maxkey', 'authorize');
  const flow = context.signIn.flow({ policy, redirect: rfc6749Redirect, redirectTokens: implicitFragment(context.engine) });
  return async (req, res) => {
    await flow(req, res, parseAuthorization(req, validate));
  };
}
