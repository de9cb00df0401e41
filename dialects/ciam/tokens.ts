import { randomUUID } from 'node:crypto';
import { type JwtClaimsInput, type JwtFormatSpec, type KeyRing, policyWith, type TokenPolicy, type TokenResult } from '../../src/core';
import type { AuthSource, CiamSettings } from './config';

/*
 * Claim orders are the Java HashMap iteration order of Nimbus' claim set under SAS 0.2
 * (the doc samples show exactly these); `aud` is a string, `scope` an array.
 */

/** `{"kid","typ","alg"}`, in that order (CIAM doc samples). */
export const jwtHeader = (kid: string | undefined): Record<string, unknown> => ({ kid, typ: 'JWT', alg: 'RS256' });

export function accessTokenClaims(issuer: string) {
  return (c: JwtClaimsInput): Record<string, unknown> => ({
    sub: c.subject.id,
    aud: c.clientId,
    nbf: c.issuedAt,
    scope: c.scope,
    iss: issuer,
    exp: c.expiresAt,
    iat: c.issuedAt,
    jti: c.jti,
  });
}

export interface IdTokenInput {
  issuer: string;
  subject: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
  nonce?: string;
}

export function idTokenClaims(input: IdTokenInput): Record<string, unknown> {
  return {
    sub: input.subject,
    aud: input.clientId,
    azp: input.clientId,
    iss: input.issuer,
    exp: input.expiresAt,
    iat: input.issuedAt,
    ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    jti: randomUUID(),
  };
}

/**
 * The token policy of one auth source (its identifiers decide who may sign in with the
 * password grant); the code, refresh and client_credentials grants use the default one.
 */
export function ciamPolicy(settings: CiamSettings, source?: AuthSource): TokenPolicy {
  const accessToken: JwtFormatSpec = {
    type: 'jwt',
    alg: 'RS256',
    jti: { type: 'uuid' },
    header: jwtHeader,
    claims: accessTokenClaims(settings.issuer),
  };
  return policyWith({
    accessTokenTtl: settings.accessTokenTtl,
    refreshTokenTtl: settings.refreshTokenTtl,
    codeTtl: settings.codeTtl,
    // 96 random bytes, base64url without padding: 128 characters (SAS Base64StringKeyGenerator).
    formats: { access_token: accessToken, refresh_token: { type: 'opaque', length: 128 }, authorization_code: { type: 'opaque', length: 128 } },
    refreshRotation: settings.refreshRotation,
    refreshTokenGrants: ['password', 'authorization_code', 'refresh_token'],
    userIdentifiers: source?.identifiers ?? ['username'],
  });
}

/**
 * An ID token goes with every user grant whose scope holds `openid`. The nonce of the
 * authorization request is repeated only in the code exchange, not on refresh (as SAS does).
 */
export function mintIdToken(grantType: string, result: TokenResult, settings: CiamSettings, keys: KeyRing): string | undefined {
  if (result.subject.type !== 'user' || !result.scope.includes('openid')) return undefined;
  const issuedAt = result.accessToken.record.issuedAt;
  const nonce = grantType === 'authorization_code' ? result.extra.nonce : undefined;
  const claims = idTokenClaims({
    issuer: settings.issuer,
    subject: result.subject.id,
    clientId: result.client.clientId,
    issuedAt,
    expiresAt: issuedAt + settings.idTokenTtl,
    nonce: typeof nonce === 'string' ? nonce : undefined,
  });
  return keys.sign(claims, 'RS256', undefined, jwtHeader(keys.currentKid));
}
