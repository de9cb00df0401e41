/** OpenID Connect Core 1.0 ID tokens for the standard dialect, and the claims it can put in them. */
import { createHash } from 'node:crypto';
import type { KeyRing, TokenResult, User } from '../../../src/core';

/** Claims of the `profile`, `email` and `phone` scopes (OIDC Core §5.4), read from the user's attributes. */
export const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  profile: [
    'name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
    'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

export const ID_TOKEN_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash'] as const;

/** Attributes are strings; these claims are a boolean and a number on the wire (OIDC Core §5.1). */
function claimValue(claim: string, value: string): unknown {
  if (claim.endsWith('_verified')) return value === 'true';
  if (claim === 'updated_at' && /^\d+$/.test(value)) return Number(value);
  return value;
}

/** The scope's user claims the user has an attribute for; `preferred_username` defaults to the username. */
function userClaims(user: User, scope: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const name of scope) {
    for (const claim of SCOPE_CLAIMS[name] ?? []) {
      const value = user.attributes[claim] ?? (claim === 'preferred_username' ? user.username : undefined);
      if (value !== undefined) claims[claim] = claimValue(claim, value);
    }
  }
  return claims;
}

/** OIDC Core §3.1.3.6: the left half of the access token's SHA-256, base64url. */
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

/**
 * An RS256 ID token for a grant that began with a code and whose scope holds `openid`: the code
 * exchange, and every refresh of it (a new token, without the nonce). Password and client grants
 * get none. It lives as long as the access token it comes with.
 */
export function mintIdToken(requestGrantType: string, result: TokenResult, issuer: string, keys: KeyRing): string | undefined {
  if (result.grantType !== 'authorization_code' || !result.user || !result.scope.includes('openid')) return undefined;
  const { issuedAt, expiresAt } = result.accessToken.record;
  const { nonce, auth_time: authTime } = result.extra;
  const claims: Record<string, unknown> = {
    iss: issuer,
    sub: result.user.username,
    aud: result.client.clientId,
    exp: expiresAt,
    iat: issuedAt,
    ...(typeof authTime === 'number' ? { auth_time: authTime } : {}),
    ...(requestGrantType === 'authorization_code' && typeof nonce === 'string' ? { nonce } : {}),
    at_hash: atHash(result.accessToken.value),
    ...userClaims(result.user, result.scope),
  };
  // Claims of one's own come last and never replace a claim the token already has.
  for (const [name, value] of Object.entries(result.customClaims?.get() ?? {})) if (!(name in claims)) claims[name] = value;
  const kid = keys.currentKid;
  return keys.sign(claims, 'RS256', kid, { alg: 'RS256', typ: 'JWT', kid });
}
