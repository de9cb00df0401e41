import type { Request } from 'express';
import { CoreError, parseScope, type Client, type ClientCredentials, type TokenRequest } from '../../src/core';
import { type AuthorizationRequest, basicCredentials, bearerToken, parseRfcAuthorization, readClientCredentials, rfcGrantFields } from '../kit';
import { servletParams } from '../kit/jvm';
import type { CasSettings } from './config';
import { fail } from './errors';
import type { CasProfile } from './profiles';

type Validate = (params: Record<string, unknown>) => void;

/**
 * The servlet container's `getParameter` (pac4j's `JEEContext` asks it): the query string's
 * value first, the form body's after; JSON bodies are not read (the seed posts `Content-Type:
 * application/json` with everything in the query string).
 */
export function casParams(req: Request): Record<string, string> {
  return servletParams(req);
}

/** Basic first (pac4j `clientBasicAuth`), then `client_id` / `client_secret` parameters (`clientForm`). */
export function parseClientCredentials(req: Request, params: Record<string, string>, profile: CasProfile): ClientCredentials {
  return readClientCredentials(req, params, { basic: true, post: true, both: 'basic-wins', urlDecodeBasic: profile.basicSecretUrlDecoded });
}

/** `grant_type` is compared case-insensitively by CAS. */
export function parseGrantType(params: Record<string, string>): string | undefined {
  return params.grant_type === undefined ? undefined : params.grant_type.toLowerCase();
}

/** The password grant's user, which pac4j's interceptor wants before the controller runs. */
export function parsePasswordUser(params: Record<string, string>): { username: string; password: string } {
  if (!params.username || params.password === undefined) {
    throw new CoreError('invalid_grant', 'username and password are required', { reason: 'bad_credentials' });
  }
  return { username: params.username, password: params.password };
}

/** `OAuth20Utils.getServiceRequestHeaderIfAny`: header `service`, else `X-service`. */
function serviceHeader(req: Request): string | undefined {
  const value = req.headers['service'] ?? req.headers['x-service'];
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first : undefined;
}

/** Only scopes the client may have survive; CAS itself records whatever was asked. */
function allowedScope(requested: string[] | undefined, client: Client): string[] | undefined {
  if (requested === undefined) return undefined;
  const kept = requested.filter((s) => client.scopes.includes(s));
  return kept.length > 0 ? kept : undefined;
}

/**
 * `/oauth2.0/accessToken` and `/oauth2.0/token` as the OAuth controller reads them once the
 * interceptor let the client through. The token's service is the code's redirect URI, else the
 * `service` header, else the client id.
 */
export function parseTokenRequest(req: Request, params: Record<string, string>, client: Client, settings: CasSettings, validate: Validate): TokenRequest {
  const grantType = parseGrantType(params);
  if (settings.rejectClientSecretInQuery && req.method === 'GET' && typeof req.query.client_secret === 'string') {
    throw fail('secret_in_query', 'invalid_grant', 'client_secret must not be sent in the query string');
  }
  if (!grantType) throw fail('bad_request', 'invalid_request', 'grant_type is required');
  validate({ ...params, grant_type: grantType });
  const service = grantType === 'authorization_code' ? params.redirect_uri : (serviceHeader(req) ?? client.clientId);
  const scope = parseScope(params.scope);
  return {
    grantType,
    client,
    scope: grantType === 'refresh_token' ? scope : allowedScope(scope, client),
    ...rfcGrantFields(params),
    extra: grantType === 'refresh_token' ? undefined : { service },
  };
}

/** `/oauth2.0/profile`: the `access_token` parameter first, else `Authorization: Bearer`. */
export function parseProfileRequest(req: Request, validate: Validate): string | undefined {
  const params = casParams(req);
  validate(params);
  return params.access_token || bearerToken(req) || undefined;
}

/** Only HTTP Basic counts at `/oauth2.0/introspect`. */
export function parseIntrospectionClient(req: Request, profile: CasProfile): ClientCredentials {
  const basic = basicCredentials(req, { urlDecode: profile.basicSecretUrlDecoded });
  if (!basic) throw fail('introspection_client', 'invalid_client', 'HTTP Basic client authentication is required');
  return { ...basic, method: 'client_secret_basic' };
}

/** The token `/oauth2.0/introspect` is asked about: `token`, or the legacy `access_token`. */
export function parseIntrospectedToken(req: Request, validate: Validate): string {
  const params = casParams(req);
  validate(params);
  const token = params.token ?? params.access_token;
  if (!token) throw fail('missing_token', 'invalid_request', 'token is required');
  return token;
}

/** `/oauth2.0/revoke`'s client, by Basic or form like the token endpoint's; its `client_id` is required. */
export function parseRevocationClient(req: Request, params: Record<string, string>, profile: CasProfile): ClientCredentials & { clientId: string } {
  const credentials = parseClientCredentials(req, params, profile);
  if (!credentials.clientId) throw fail('bad_request', 'invalid_request', 'client_id is required');
  return credentials as ClientCredentials & { clientId: string };
}

/** RFC 7009's `token`, checked only once the client has authenticated. */
export function parseRevokedToken(params: Record<string, string>, validate: Validate): string {
  validate(params);
  return params.token;
}

/** GET /oauth2.0/authorize: the RFC 6749 request, as the shared browser sign-in takes it. */
export function parseAuthorizeRequest(req: Request, validate: Validate): AuthorizationRequest {
  return parseRfcAuthorization(req, validate);
}
