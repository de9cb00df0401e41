import type { Request } from 'express';
import { type TokenEngine, type CoreError, isCoreError, looksLikeJwt, type Client, type RequestOrigin, type TokenRequest } from '../../src/core';
import { type AuthorizationRequest, basicCredentials, causedBy, type DialectContext, parseRfcAuthorization } from '../kit';
import { SPRING_TOKEN_GRANTS, parseJavaScopeSet, servletParams, springScopeRefusal, springTokenRequest } from '../kit/jvm';
import type { AccessRule, SpringSettings } from './config';
import {
  ACCESS_DENIED,
  BAD_BASIC_CREDENTIALS,
  BAD_CLIENT_CREDENTIALS,
  FULL_AUTHENTICATION_REQUIRED,
  basicChallenge,
  invalidCheckToken,
  mvcMethodNotAllowed,
  oauth2,
  SpringError,
  unsupportedGrant,
} from './errors';

type Validate = (params: Record<string, unknown>) => void;

/** A `/oauth/token` request the engine can run, with the parameters its failures echo. */
export interface SpringTokenRequest {
  params: Record<string, string>;
  client: Client;
  request: TokenRequest;
}

/**
 * `TokenEndpoint`: client authentication first (even for a refused method), then the client_id
 * cross-check, scope validation and grant type checks; the granter is the engine's.
 */
export async function parseTokenRequest(req: Request, engine: TokenEngine, settings: SpringSettings, validate: Validate): Promise<SpringTokenRequest> {
  const params = servletParams(req);
  const client = await requireSpringClient(req, params, engine, settings.allowFormAuthentication);
  if (req.method !== 'GET' && req.method !== 'POST') throw mvcMethodNotAllowed(req.method, ['GET', 'POST']);
  if (!settings.tokenEndpointMethods.includes(req.method)) {
    throw oauth2(405, 'method_not_allowed', `Request method '${req.method}' not supported`);
  }
  validate(params);
  // DefaultOAuth2RequestFactory compares the raw parameter: "" or " id " do not match.
  if (params.client_id !== undefined && params.client_id !== client.clientId) {
    throw oauth2(401, 'invalid_client', 'Given client ID does not match authenticated client');
  }
  const requested = parseJavaScopeSet(params.scope);
  const scopeRefusal = springScopeRefusal(requested.length > 0 ? requested : client.scopes, client);
  if (scopeRefusal) throw oauth2(400, 'invalid_scope', scopeRefusal.message, scopeRefusal.invalid !== undefined ? { scope: client.scopes.join(' ') } : undefined);
  const grantType = params.grant_type;
  if (!hasText(grantType)) throw oauth2(400, 'invalid_request', 'Missing grant type');
  if (grantType === 'implicit') throw oauth2(400, 'invalid_grant', 'Implicit grant type not supported from token endpoint');
  if (!SPRING_TOKEN_GRANTS.includes(grantType) || (grantType === 'password' && !settings.passwordGrant)) throw unsupportedGrant(settings, grantType);
  return { params, client, request: springTokenRequest(grantType, client, requested, params) };
}

/**
 * `CheckTokenEndpoint`: the access rule, the method, then its `token` parameter. A JWT store
 * decodes the token before anything else, so what does not decode, or is a refresh token, is
 * refused before the engine looks it up.
 */
export async function parseCheckTokenRequest(req: Request, context: DialectContext, settings: SpringSettings): Promise<string> {
  await enforceAccess(req, context.engine, settings.checkTokenAccess);
  if (settings.checkTokenPostOnly && req.method !== 'POST') throw mvcMethodNotAllowed(req.method, ['POST']);
  const token = servletParams(req).token;
  if (token === undefined) {
    throw new SpringError({ kind: 'container', status: 400, message: "Required String parameter 'token' is not present" });
  }
  if (settings.jwt && looksLikeJwt(token)) {
    const claims = context.engine.keys.verify(token, { clockTimestamp: context.engine.now(), ignoreExpiration: true });
    if (!claims) throw invalidCheckToken('Cannot convert access token to JSON');
    if ('ati' in claims) throw invalidCheckToken('Encoded token is a refresh token');
  }
  return token;
}

/** `TokenKeyEndpoint` (GET): a shared MAC key is shown to an authenticated client only. */
export async function parseTokenKeyRequest(req: Request, engine: TokenEngine, settings: SpringSettings): Promise<void> {
  const caller = await enforceAccess(req, engine, settings.tokenKeyAccess);
  if (req.method !== 'GET') throw mvcMethodNotAllowed(req.method, ['GET']);
  if (settings.jwt?.alg !== 'RS256' && !caller) throw basicChallenge('You need to authenticate to see a shared key');
}

/** GET /oauth/authorize: the RFC 6749 request, as the shared browser sign-in takes it. */
export function parseAuthorizeRequest(req: Request, validate: Validate): AuthorizationRequest {
  return parseRfcAuthorization(req, validate);
}

/** `StringUtils.hasText`. */
function hasText(value: string | undefined): value is string {
  return value !== undefined && /\S/.test(value);
}

async function authenticate(engine: TokenEngine, origin: RequestOrigin, clientId: string, clientSecret: string, method: 'client_secret_basic' | 'client_secret_post', failure: (cause: CoreError) => SpringError): Promise<Client> {
  try {
    return await engine.authenticateClient({ clientId, clientSecret, method }, origin);
  } catch (error) {
    if (isCoreError(error) && error.code === 'invalid_client') throw causedBy(failure(error), error);
    throw error;
  }
}

/**
 * The authorization server's filter chain: `ClientCredentialsTokenEndpointFilter` (only when
 * form authentication is on and a `client_id` parameter is present; a missing secret is ""),
 * then `BasicAuthenticationFilter` (UTF-8, no URL decoding), which re-authenticates when its
 * user differs. Returns undefined for an anonymous caller.
 */
async function springClient(req: Request, params: Record<string, string>, engine: TokenEngine, formAllowed: boolean): Promise<Client | undefined> {
  let client: Client | undefined;
  if (formAllowed && params.client_id !== undefined) {
    client = await authenticate(engine, req, params.client_id.trim(), params.client_secret ?? '', 'client_secret_post', BAD_CLIENT_CREDENTIALS);
  }
  let basic;
  try {
    basic = basicCredentials(req, { urlDecode: false });
  } catch {
    throw basicChallenge('Failed to decode basic authentication token');
  }
  if (basic && basic.clientId !== client?.clientId) {
    client = await authenticate(engine, req, basic.clientId, basic.clientSecret, 'client_secret_basic', BAD_BASIC_CREDENTIALS);
  }
  return client;
}

/** An authenticated client, or the anonymous caller's Basic challenge. */
async function requireSpringClient(req: Request, params: Record<string, string>, engine: TokenEngine, formAllowed: boolean): Promise<Client> {
  const client = await springClient(req, params, engine, formAllowed);
  if (!client) throw FULL_AUTHENTICATION_REQUIRED();
  return client;
}

/**
 * `checkTokenAccess` / `tokenKeyAccess`: only HTTP Basic authenticates here (form credentials
 * work at /oauth/token alone). An anonymous caller refused gets the Basic challenge; an
 * authenticated one under denyAll gets OAuth2AccessDeniedHandler's 403.
 */
async function enforceAccess(req: Request, engine: TokenEngine, rule: AccessRule): Promise<Client | undefined> {
  const caller = await springClient(req, {}, engine, false);
  if (rule === 'permitAll') return caller;
  if (!caller) throw FULL_AUTHENTICATION_REQUIRED();
  if (rule === 'denyAll') throw ACCESS_DENIED();
  return caller;
}
