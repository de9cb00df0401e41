import { randomUUID } from 'node:crypto';
import type { Jwk, JwtClaimsInput, JwtFormatSpec, KeyRing, TokenResult, User } from '../../src/core';
import type { CIAM_PATHS, CiamSettings } from './config';
import type { CiamProfile } from './profiles';
import { inJavaHashMapOrder } from '../kit/jvm';

/** `values` with its keys in the profile's wire order; a key without a value is left out. */
function inOrder<K extends string>(order: readonly K[], values: Partial<Record<K, unknown>>): Record<string, unknown> {
  const written: Record<string, unknown> = {};
  for (const key of order) {
    if (values[key] !== undefined) written[key] = values[key];
  }
  return written;
}

/**
 * Claims of one's own, as an `OAuth2TokenCustomizer` adds them: Nimbus writes every claim
 * from a HashMap, which is where the profile's order comes from, so they fall in by hash.
 */
function withCustom(claims: Record<string, unknown>, custom: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return custom ? inJavaHashMapOrder({ ...claims, ...custom }) : claims;
}

const audience = (profile: CiamProfile, clientId: string) => (profile.audience === 'string' ? clientId : [clientId]);

/** The JOSE header of both JWTs. */
export const jwtHeader =
  (profile: CiamProfile) =>
  (kid: string | undefined): Record<string, unknown> =>
    inOrder(profile.jwtHeader.order, { kid, typ: profile.jwtHeader.typ, alg: profile.signingAlg });

/** The access token: a JWT whose `scope` is an array. */
export function accessTokenFormat(settings: CiamSettings): JwtFormatSpec {
  const { profile, issuer } = settings;
  return {
    type: 'jwt',
    alg: profile.signingAlg,
    jti: { type: 'uuid' },
    header: jwtHeader(profile),
    claims: (c: JwtClaimsInput) =>
      withCustom(
        inOrder(profile.accessTokenClaims, {
          sub: c.subject.id,
          aud: audience(profile, c.clientId),
          nbf: c.issuedAt,
          scope: c.scope,
          iss: issuer,
          exp: c.expiresAt,
          iat: c.issuedAt,
          jti: c.jti,
        }),
        c.custom,
      ),
  };
}

/**
 * An ID token goes with every user grant whose scope holds `openid`. The nonce of the
 * authorization request is repeated only in the code exchange, not on refresh (as SAS does).
 */
export function mintIdToken(grantType: string, result: TokenResult, settings: CiamSettings, keys: KeyRing): string | undefined {
  if (result.subject.type !== 'user' || !result.scope.includes('openid')) return undefined;
  const { profile } = settings;
  const issuedAt = result.accessToken.record.issuedAt;
  const nonce = grantType === 'authorization_code' ? result.extra.nonce : undefined;
  const ordered = inOrder(profile.idTokenClaims, {
    sub: result.subject.id,
    aud: audience(profile, result.client.clientId),
    azp: result.client.clientId,
    iss: settings.issuer,
    exp: issuedAt + settings.idTokenTtl,
    iat: issuedAt,
    nonce: typeof nonce === 'string' ? nonce : undefined,
    jti: randomUUID(),
  });
  const claims = withCustom(ordered, result.customClaims?.get());
  return keys.sign(claims, profile.signingAlg, undefined, jwtHeader(profile)(keys.currentKid));
}

/** Whole seconds left, less the configured lag. */
export function expiresIn(result: TokenResult, now: number, lag: number): number {
  return Math.max(0, result.accessToken.record.expiresAt - now - lag);
}

/** The token response: `scope` (space-delimited) only when not empty. */
export function tokenBody(result: TokenResult, idToken: string | undefined, expiresInSeconds: number, profile: CiamProfile): Record<string, unknown> {
  return inOrder(profile.tokenResponse, {
    access_token: result.accessToken.value,
    refresh_token: result.refreshToken?.value,
    scope: result.scope.length > 0 ? result.scope.join(' ') : undefined,
    id_token: idToken || undefined,
    token_type: 'Bearer',
    expires_in: expiresInSeconds,
  });
}

/** `sub` (the user id), then the configured claims the user has, in the configured order. */
export function userInfoBody(user: User, claims: readonly string[]): Record<string, string> {
  const body: Record<string, string> = { sub: user.uid };
  for (const claim of claims) {
    const value = user.attributes[claim];
    if (value !== undefined) body[claim] = value;
  }
  return body;
}

/** The key set with the profile's fields only (CIAM doc 1441/64397: no `use`, no `alg`). */
export function jwksBody(keys: readonly Jwk[], profile: CiamProfile): { keys: Array<Record<string, unknown>> } {
  return { keys: keys.map((key) => inOrder(profile.jwk, key)) };
}

/**
 * The SAS 0.2.0 provider metadata, field for field and in its order: no userinfo, revocation
 * or end-session endpoint and no PKCE methods, and `password` is not listed. `discovery_extra_fields`
 * appends what the vendor leaves out, for OIDC libraries that need it.
 */
export function discoveryDocument(settings: CiamSettings, paths: typeof CIAM_PATHS): Record<string, unknown> {
  const at = (path: string) => `${settings.endpointBase}${path}`;
  return {
    issuer: settings.issuer,
    authorization_endpoint: at(paths.authorize),
    token_endpoint: at(paths.token),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    jwks_uri: at(paths.jwks),
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [settings.profile.signingAlg],
    scopes_supported: ['openid'],
    ...(settings.discoveryExtraFields
      ? {
          userinfo_endpoint: at(paths.userinfo),
          revocation_endpoint: at(paths.revoke),
          code_challenge_methods_supported: ['S256'],
        }
      : {}),
  };
}

/** Where logout sends the browser: the URI with `state` added to its query. */
export function logoutLocation(uri: string, state: string | undefined): string {
  if (state === undefined) return uri;
  const url = new URL(uri);
  url.searchParams.append('state', state);
  return url.toString();
}
