import type { Request } from 'express';
import { type Client, type Directory, type TokenEngine, type TokenRequest, type UserIdentifier, CoreError, isCoreError, parseScope } from '../../src/core';
import { type AuthorizationRequest, basicCredentials, bearerToken, readParams, requestValidator, rfcGrantFields, stringParam } from '../kit';
import { type AuthSource, type CiamSettings, ciamClientSettings } from './config';
import { authSourceNotAssociated, logoutRefused, MESSAGES, responseTypeRefused } from './errors';

/** Spring reads request parameters from the query string and the form alike. */
export const SERVLET_PARAMS = { query: true, form: true, repeated: 'error' } as const;

// ——— client authentication (token and revocation endpoints) ———

/** Grants a public client (SPA, mobile app) may use without a secret besides the PKCE code exchange (CIAM password grant doc). */
const PUBLIC_GRANTS = ['password', 'refresh_token'];

const unauthenticated = () => new CoreError('invalid_client', 'client authentication is required', { reason: 'client_auth_missing' });
const refused = () => new CoreError('invalid_client', 'client authentication failed', { reason: 'bad_credentials' });

function text(params: Record<string, unknown>, name: string): string | undefined {
  const value = stringParam(params, name);
  return value === '' ? undefined : value;
}

/** Any client-authentication failure after credentials were presented is a 401 `invalid_client` with a body. */
async function checked(authenticating: Promise<Client>): Promise<Client> {
  try {
    return await authenticating;
  } catch (error) {
    // A lock-out keeps its reason and seconds: the same 401, with a Retry-After.
    if (isCoreError(error) && error.code === 'invalid_client' && error.reason !== 'locked_out') throw refused();
    throw error;
  }
}

/**
 * Client authentication as SAS 0.2.0 does it: HTTP Basic, then client_secret_post, then a
 * public client (a PKCE code exchange, or CIAM's password grant for SPAs and apps). A
 * request none of them accepts is unauthenticated: 401 with no body.
 */
export async function authenticateCiamClient(engine: TokenEngine, req: Request, params: Record<string, unknown>): Promise<Client> {
  let basic;
  try {
    basic = basicCredentials(req, { urlDecode: true });
  } catch {
    throw new CoreError('invalid_request', 'malformed HTTP Basic credentials', { reason: 'client_auth_method' });
  }
  if (basic) return checked(engine.authenticateClient({ ...basic, method: 'client_secret_basic' }, req));

  const clientId = text(params, 'client_id');
  const clientSecret = text(params, 'client_secret');
  if (clientId !== undefined && clientSecret !== undefined) {
    return checked(engine.authenticateClient({ clientId, clientSecret, method: 'client_secret_post' }, req));
  }

  const grantType = stringParam(params, 'grant_type');
  const known = clientId === undefined ? undefined : engine.directory.client(clientId);
  if (grantType === 'authorization_code' && text(params, 'code_verifier') !== undefined) {
    // CIAM PKCE doc: client_id missing or wrong → 400 invalid_request; a confidential client → 401 invalid_client.
    if (!known) throw new CoreError('invalid_request', 'client_id is missing or unknown');
    if (known.secretHash) throw refused();
  } else if (!known || known.secretHash || !PUBLIC_GRANTS.includes(grantType ?? '')) {
    throw unauthenticated();
  }
  return checked(engine.authenticateClient({ clientId: known.clientId, method: 'none' }, req));
}

// ——— auth sources (password grant and sign-in form) ———

const ALL_IDENTIFIERS: readonly UserIdentifier[] = ['username', 'phone_number', 'email'];
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+?[0-9][0-9 -]{5,}$/;

/** What kind of identifier a `username` parameter is written as. */
export function identifierKind(value: string): UserIdentifier {
  if (EMAIL.test(value)) return 'email';
  if (PHONE.test(value)) return 'phone_number';
  return 'username';
}

/**
 * CIAM refuses an identifier of a kind the auth source does not take (doc 1441/67148: "username
 * is an email address but the source has no email attribute") whether or not anyone has it, so
 * the answer tells nothing about who exists. A real username that merely looks like an email or
 * a phone number is still a username.
 */
export function requireAcceptedIdentifier(source: AuthSource, username: string, directory: Directory): void {
  if (source.identifiers.includes(identifierKind(username))) return;
  if (source.identifiers.includes('username') && directory.userByUsername(username)) return;
  throw new CoreError('invalid_grant', 'this kind of user identifier is not accepted by the auth source', {
    reason: 'unsupported_identifier',
    parameter: 'username',
  });
}

// ——— POST /oauth2/token, POST /oauth2/revoke ———

export interface ParsedTokenRequest {
  request: TokenRequest;
  /** The password grant's auth source, associated with the client. */
  authSource?: AuthSource;
}

export function tokenRequestParser(engine: TokenEngine, settings: CiamSettings): (req: Request) => Promise<ParsedTokenRequest> {
  const validate = requestValidator('ciam', 'token');
  const sources = new Map(settings.authSources.map((source) => [source.id, source]));
  return async (req) => {
    const params = readParams(req, SERVLET_PARAMS);
    const client = await authenticateCiamClient(engine, req, params);
    validate(params);
    const grantType = stringParam(params, 'grant_type')!;
    const request: TokenRequest = { grantType, client, scope: parseScope(stringParam(params, 'scope')), ...rfcGrantFields(params), origin: req };
    if (grantType !== 'password') return { request };
    // CIAM custom grant: the auth source must be associated with the application.
    const authSource = sources.get(stringParam(params, 'auth_source_id')!);
    if (!authSource || !authSource.clients.includes(client.clientId)) throw authSourceNotAssociated();
    requireAcceptedIdentifier(authSource, request.username!, engine.directory);
    request.extra = { auth_source_id: authSource.id };
    return { request, authSource };
  };
}

export function revokeRequestParser(engine: TokenEngine): (req: Request) => Promise<{ token: string | undefined; client: Client }> {
  const validate = requestValidator('ciam', 'revoke');
  return async (req) => {
    const params = readParams(req, SERVLET_PARAMS);
    const client = await authenticateCiamClient(engine, req, params);
    validate(params);
    return { token: stringParam(params, 'token'), client };
  };
}

// ——— GET /userinfo ———

/** The bearer token; a present but malformed `Authorization: Bearer` header is an invalid token, not a missing one. */
export function userInfoToken(req: Request): string | undefined {
  const token = bearerToken(req);
  if (token === undefined && /^bearer\b/i.test(req.headers.authorization ?? '')) {
    throw new CoreError('invalid_token', 'malformed bearer token', { reason: 'unknown_token' });
  }
  return token;
}

// ——— GET /oauth2/authorize ———

/** A parameter that must be a single string to decide where errors go; read before anything is validated. */
function single(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export interface ParsedAuthorization {
  request: AuthorizationRequest;
  /** Identifiers the sign-in form accepts: the named auth source's, else those of the application's auth sources. */
  identifiers: readonly UserIdentifier[];
}

/** Reads the request; a problem past `response_type` travels in `request.problem` for the sign-in flow to redirect. */
export function authorizationParser(settings: CiamSettings): (req: Request) => ParsedAuthorization {
  const validate = requestValidator('ciam', 'authorize');
  return (req) => {
    const responseType = single(req, 'response_type');
    if (responseType !== 'code') {
      throw responseTypeRefused(responseType === undefined ? 'invalid_request' : 'unsupported_response_type', settings.profile.errorUris);
    }
    const clientId = single(req, 'client_id');
    const request: AuthorizationRequest = { clientId, redirectUri: single(req, 'redirect_uri'), state: single(req, 'state') };
    const associated = settings.authSources.filter((source) => clientId !== undefined && source.clients.includes(clientId));
    let identifiers: readonly UserIdentifier[] = associated.length > 0 ? ALL_IDENTIFIERS.filter((id) => associated.some((s) => s.identifiers.includes(id))) : ['username'];
    try {
      const params = readParams(req, { query: true, repeated: 'error' });
      validate(params);
      request.scope = parseScope(stringParam(params, 'scope'));
      request.codeChallenge = stringParam(params, 'code_challenge');
      request.codeChallengeMethod = stringParam(params, 'code_challenge_method');
      // CIAM accepts S256 only.
      if (request.codeChallengeMethod !== undefined && request.codeChallengeMethod !== 'S256') {
        throw new CoreError('invalid_request', 'code_challenge_method must be S256', { parameter: 'code_challenge_method' });
      }
      if (request.codeChallengeMethod !== undefined && request.codeChallenge === undefined) {
        throw new CoreError('invalid_request', 'code_challenge is required with code_challenge_method', { parameter: 'code_challenge' });
      }
      const nonce = stringParam(params, 'nonce');
      const authSourceId = stringParam(params, 'auth_source_id');
      request.extra = { ...(nonce !== undefined ? { nonce } : {}), ...(authSourceId !== undefined ? { auth_source_id: authSourceId } : {}) };
      if (authSourceId !== undefined) {
        const source = associated.find((s) => s.id === authSourceId);
        if (!source) throw new CoreError('invalid_request', 'the auth source is not associated with the application', { parameter: 'auth_source_id' });
        identifiers = source.identifiers;
      }
    } catch (error) {
      if (!isCoreError(error)) throw error;
      request.problem = error;
    }
    return { request, identifiers };
  };
}

// ——— GET /logout ———

/**
 * CIAM portal logout (not OIDC RP-initiated logout): back to one of the application's logout
 * redirect URIs (its `settings.ciam.logout_redirect_uris`, else its `redirect_uris`); the URI
 * may be left out when the application has exactly one.
 */
export function logoutRequestParser(engine: TokenEngine): (req: Request) => { target: string; state: string | undefined } {
  const validate = requestValidator('ciam', 'logout');
  return (req) => {
    const params = readParams(req, { query: true, repeated: 'error' });
    const clientId = stringParam(params, 'client_id');
    if (!clientId) throw logoutRefused(MESSAGES.logoutClientMissing);
    validate(params);
    const client = engine.directory.client(clientId);
    if (!client) throw logoutRefused(MESSAGES.logoutClientUnknown);
    const allowed = ciamClientSettings(client.settings).logoutRedirectUris ?? client.redirectUris;
    const target = stringParam(params, 'logout_redirect_uri') ?? (allowed.length === 1 ? allowed[0] : undefined);
    if (target === undefined) throw logoutRefused(MESSAGES.logoutRedirectMissing);
    if (!allowed.includes(target)) throw logoutRefused(MESSAGES.logoutRedirectInvalid);
    return { target, state: stringParam(params, 'state') };
  };
}
