import { randomUUID } from 'node:crypto';
import type { Client, KeyRing, TokenEngine, TokenRecord, TokenResult, User } from '../../src/core';
import { type RedirectTarget, type WireResponse, NO_STORE } from '../kit';
import { JavaHashMap, springAuthorities } from '../kit/jvm';
import { MAXKEY_PATHS, maxkeyClientSettings, type MaxkeySettings } from './config';
import type { TokenValue } from './profiles';
import { meFields, oidcFields, subjectOf } from './support/user-claims';

/** `yyyy-MM-dd HH:mm:ss` in GMT+8 (`spring.jackson.date-format` / `time-zone` of MaxKey). */
export function maxkeyDate(epochSeconds: number): string {
  return new Date((epochSeconds + 8 * 3600) * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Java divides the milliseconds left at serialisation time: a fresh 300 s token says 299. */
function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, expiresAt - now - 1);
}

/**
 * `OIDCIdTokenEnhancer`: an RS256 ID token for a user grant whose scope holds `openid`. Nimbus
 * writes the header `{kid, alg}` and the claims in builder order; MaxKey also puts `kid` in the
 * payload. The gateway signs with its own key ring (MaxKey uses a per-app key).
 */
function mintIdToken(result: TokenResult, settings: MaxkeySettings, keys: KeyRing): string | undefined {
  if (!result.user || !result.scope.includes('openid')) return undefined;
  const kid = keys.currentKid;
  const subject = subjectOf(result.user, maxkeyClientSettings(result.client.settings).subject);
  const nonce = result.grantType === 'authorization_code' ? result.extra.nonce : undefined;
  const claims: Record<string, unknown> = {
    sub: subject,
    exp: result.accessToken.record.expiresAt,
    iss: settings.issuer,
    iat: result.accessToken.record.issuedAt,
    aud: [result.client.clientId],
    jti: randomUUID(),
    ...(typeof nonce === 'string' ? { nonce } : {}),
    kid,
    // Claims of one's own follow the builder's last claim.
    ...result.customClaims?.get(),
  };
  return keys.sign(claims, 'RS256', kid, { kid, alg: 'RS256' });
}

/** The token response: the profile's fields in its order; every outcome of MaxKey's token endpoint is a 200. */
export function renderToken(result: TokenResult, settings: MaxkeySettings, keys: KeyRing, clock: () => number): WireResponse {
  const idToken = mintIdToken(result, settings, keys);
  const now = clock();
  const expiresAt = result.accessToken.record.expiresAt;
  const values: Record<TokenValue, unknown> = {
    accessToken: result.accessToken.value,
    tokenType: 'bearer',
    refreshToken: result.refreshToken?.value,
    expiresIn: secondsLeft(expiresAt, now),
    expiration: maxkeyDate(expiresAt),
    expired: expiresAt <= now,
    scopeWords: result.scope.length > 0 ? result.scope.join(' ') : undefined,
    scopeList: result.scope,
    idToken,
    additionalInformation: idToken === undefined ? {} : { id_token: idToken },
    alwaysNull: null,
  };
  const body: Record<string, unknown> = {};
  for (const field of settings.profile.tokenBody) {
    const value = values[field.value];
    if (value !== undefined) body[field.key] = value;
    else if (field.nullWhenAbsent) body[field.key] = null;
  }
  return { status: 200, headers: { ...NO_STORE }, body };
}

/**
 * Implicit (MaxKey 4.1 inherits Spring OAuth2's `AuthorizationEndpoint`): the fragment carries
 * access_token, token_type, state, expires_in, then scope only when it differs from the request's.
 */
export function renderImplicitFragment(now: () => number) {
  return (result: TokenResult, target: RedirectTarget): string => {
    const fragment = new URLSearchParams({ access_token: result.accessToken.value, token_type: 'bearer' });
    if (target.state !== undefined) fragment.set('state', target.state);
    fragment.set('expires_in', String(secondsLeft(result.accessToken.record.expiresAt, now())));
    const granted = [...result.scope].sort().join(' ');
    if ([...(target.requestedScope ?? [])].sort().join(' ') !== granted) fragment.set('scope', granted);
    return `${target.redirectUri}#${fragment.toString()}`;
  };
}

/** Spring's `hasRole` convention: `admin` becomes `ROLE_ADMIN`; a user without roles is a `ROLE_USER`. */
function authorities(roles: readonly string[]): string[] {
  if (roles.length === 0) return ['ROLE_USER'];
  return springAuthorities(roles);
}

/** `check_token`: `DefaultAccessTokenConverter` in HashMap order; `user` is the record's user when it has one. */
export function renderCheckToken(record: TokenRecord, user: User | undefined): WireResponse {
  const map = new JavaHashMap();
  map.put('aud', [record.clientId]);
  if (record.subject.type === 'user') {
    map.put('user_name', record.subject.username ?? user?.username ?? record.subject.id);
    map.put('authorities', authorities(user?.roles ?? []));
  } else {
    map.put('authorities', ['ROLE_CLIENT', 'ROLE_TRUSTED_CLIENT']);
  }
  map.put('scope', record.scope);
  map.put('exp', record.expiresAt);
  map.put('client_id', record.clientId);
  map.put('active', true);
  return { status: 200, body: map.toObject() };
}

/** MaxKey's own `{token, active, sub}` bean (not RFC 7662). */
export function renderIntrospection(token: string | undefined, found: Awaited<ReturnType<TokenEngine['introspect']>>): WireResponse {
  const sub = found.active ? found.sub : null;
  return { status: 200, body: { token: token ?? null, active: found.active, sub } };
}

/** The MaxKey version `OauthJwksEndpoint` prints after an unknown client id. */
const MAXKEY_VERSION = '4.1.12';

/** `{"keys":[…]}` with MaxKey's member order. */
export function renderJwks(keys: ReturnType<KeyRing['jwks']>['keys']): WireResponse {
  return { status: 200, body: { keys: keys.map((key) => ({ kty: key.kty, e: key.e, use: key.use, kid: key.kid, alg: key.alg, n: key.n })) } };
}

/** The longest `client_id` echoed back; real ones are far shorter. */
const ECHO_LIMIT = 128;

/**
 * MaxKey's plain-text notice for a `client_id` it does not know. The id is echoed as MaxKey
 * does, without control characters (NUL included) and cut at `ECHO_LIMIT`, and marked not to be
 * sniffed as anything but text.
 */
export function renderUnknownJwksClient(clientId: string): WireResponse {
  // eslint-disable-next-line no-control-regex
  const shown = clientId.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, ECHO_LIMIT);
  return { status: 200, headers: { 'X-Content-Type-Options': 'nosniff' }, text: { contentType: 'text/plain', content: `${shown} not exist . \n${MAXKEY_VERSION}` } };
}

/** `OpenidConfigurationEndpoint` without a client: the server-wide document (`issuer` = `<base>/maxkey`). */
export function renderDiscovery(settings: MaxkeySettings): WireResponse {
  const at = (path: string) => `${settings.endpointBase}${path}`;
  const document = {
    issuer: settings.issuer,
    authorization_endpoint: at(MAXKEY_PATHS.authorize),
    token_endpoint: at(MAXKEY_PATHS.token),
    introspection_endpoint: at(MAXKEY_PATHS.introspect),
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    userinfo_endpoint: at(MAXKEY_PATHS.userinfo),
    jwks_uri: at(MAXKEY_PATHS.jwks),
    request_parameter_supported: true,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'phone'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256', 'plain'],
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'institution', 'online_ticket', 'userId', 'user', 'name', 'preferred_username', 'nickname', 'displayName', 'departmentId', 'department', 'gender', 'zoneinfo', 'locale', 'birthdate', 'email', 'email_verified', 'phone_number', 'phone_number_verified'],
  };
  return { status: 200, body: document };
}

/** `HttpResponseAdapter` headers (MaxKey sends `Cache-Control` twice; here as one list). */
const NO_CACHE = {
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  'Cache-Control': 'no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
};

function hashMapOf(fields: Array<[string, unknown]>): Record<string, unknown> {
  const map = new JavaHashMap();
  for (const [key, value] of fields) map.put(key, value);
  return map.toObject();
}

const jsonReply = (body: unknown): WireResponse => ({ status: 200, headers: NO_CACHE, text: { contentType: 'application/json;charset=UTF-8', content: JSON.stringify(body) } });

/** `/me` (`OAuthDefaultUserInfoAdapter`): a flat HashMap, nulls included. */
export function renderMe(user: User, client: Client, settings: MaxkeySettings): WireResponse {
  const subject = subjectOf(user, maxkeyClientSettings(client.settings).subject);
  return jsonReply(hashMapOf(meFields(user, subject, settings.instId, randomUUID())));
}

const PLAIN_JWT_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');

/** `UserInfoOIDCEndpoint`: JSON for a `NORMAL` app, otherwise an unsigned JWT (MaxKey's default). */
export function renderOidcUserInfo(record: TokenRecord, user: User, client: Client, settings: MaxkeySettings, now: number): WireResponse {
  const own = maxkeyClientSettings(client.settings);
  const claims = hashMapOf([
    ...oidcFields(user, subjectOf(user, own.subject), settings.instId, record.scope),
    ['jti', randomUUID()],
    ['aud', client.clientId],
    ['iat', now],
    ['exp', record.expiresAt],
  ]);
  if (own.userinfoResponse === 'NORMAL') return jsonReply(claims);
  const jwt = `${PLAIN_JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  return { status: 200, headers: NO_CACHE, text: { contentType: 'application/jwt', content: jwt } };
}
