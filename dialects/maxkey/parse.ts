import type { Request } from 'express';
import { CoreError, isCoreError, type Client, type ClientCredentials, type TokenRequest } from '../../src/core';
import { bearerToken, readParams, stringParam, type AuthorizationRequest } from '../kit';
import { SPRING_TOKEN_GRANTS, parseJavaScopeSet as parseScopeSet, servletParams, springScopeRefusal, springTokenRequest } from '../kit/jvm';
import { emptyReply, envelope, oauth2, PARAMETER_CHECK_FAILED } from './errors';

type Validate = (params: Record<string, unknown>) => void;

/** The shape MaxKey demands of codes and of tokens at the userinfo endpoints. */
export const MAXKEY_UUID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;

/** `access_token`, then `token`, then `Authorization: Bearer` (prefix case-insensitive). */
function presentedToken(req: Request, params: Record<string, string>): string | undefined {
  if (params.access_token !== undefined) return params.access_token;
  if (params.token !== undefined) return params.token;
  return bearerToken(req);
}

/** The token `/me`, userinfo and introspect are asked about. */
export function parsePresentedToken(req: Request): string | undefined {
  return presentedToken(req, servletParams(req));
}

/** The token endpoint's parameters; `DefaultOAuth2RequestFactory`: no grant_type means client_credentials. */
export function parseTokenParams(req: Request): Record<string, string> {
  const params = servletParams(req);
  if (params.grant_type === undefined || params.grant_type.trim() === '') params.grant_type = 'client_credentials';
  return params;
}

/**
 * MaxKey's Basic parsing: the `Basic ` prefix is case-sensitive and the decoded value is split on
 * `:` taking parts 0 and 1 (a secret holding `:` is cut), with no URL-decoding.
 */
function basicOf(req: Request): ClientCredentials | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const parts = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8').split(':');
  // MaxKey 4.1 throws (a 500 page) on a header without `:` or with an empty secret; here it is a failed authentication.
  if (parts.length < 2 || parts[1] === '') throw emptyReply();
  return { clientId: parts[0], clientSecret: parts[1], method: 'client_secret_basic' };
}

/** Which credentials `TokenEndpointAuthenticationFilter` reads: the parameters, and Basic only without `client_id`. */
export function parseClientCredentials(req: Request, params: Record<string, string>): ClientCredentials | undefined {
  const grantType = params.grant_type;
  if (params.client_id !== undefined) {
    if (params.client_secret !== undefined) return { clientId: params.client_id, clientSecret: params.client_secret, method: 'client_secret_post' };
    // A public app exchanging a code with its PKCE verifier has no secret to send.
    return grantType === 'authorization_code' && params.code_verifier !== undefined ? { clientId: params.client_id, method: 'none' } : undefined;
  }
  return grantType === 'password' ? undefined : basicOf(req);
}

/** `TokenEndpoint.postAccessToken`'s checks, in MaxKey's order, once the client is authenticated. */
export function parseTokenRequest(params: Record<string, string>, client: Client, validate: Validate): TokenRequest {
  const grantType = params.grant_type;
  validate(params);
  const requested = parseScopeSet(params.scope);
  const scopeRefusal = springScopeRefusal(requested.length > 0 ? requested : client.scopes, client);
  if (scopeRefusal) throw oauth2('invalid_scope', scopeRefusal.message);
  if (grantType === 'implicit') throw oauth2('invalid_grant', 'Implicit grant type not supported from token endpoint');
  if (!SPRING_TOKEN_GRANTS.includes(grantType)) throw oauth2('unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  if (!client.grantTypes.includes(grantType)) throw oauth2('invalid_client', `Unauthorized grant type: ${grantType}`);
  if (grantType === 'authorization_code') {
    if (params.code === undefined || params.code === '') throw oauth2('invalid_request', 'An authorization code must be supplied.');
    if (!MAXKEY_UUID.test(params.code)) throw oauth2('invalid_request', 'The code is not valid format .');
  }
  return springTokenRequest(grantType, client, requested, params);
}

function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** `response_type=code` or `token` (implicit) on the gateway's shared sign-in; a refusal travels in `problem`. */
export function parseAuthorizeRequest(req: Request, validate: Validate): AuthorizationRequest {
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

/** `check_token` takes a POSTed `token`; any other method gets `GlobalExceptionHandler`'s envelope. */
export function parseCheckToken(req: Request): string {
  if (req.method !== 'POST') throw envelope('Method Not Allowed', 405);
  const token = servletParams(req).token;
  if (token === undefined) throw envelope(PARAMETER_CHECK_FAILED);
  return token;
}

/** The `client_id` whose keys the JWKS endpoint is asked for. */
export function parseJwksClientId(req: Request): string | undefined {
  return servletParams(req).client_id;
}
