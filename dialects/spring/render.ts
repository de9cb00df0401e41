import type { TokenEngine, FormatSpec, TokenResult } from '../../src/core';
import type { SpringSettings } from './config';
import { jwtClaims } from './support/claims';

/** `CheckTokenEndpoint`'s answer for a live access token. */
export { checkTokenClaims } from './support/claims';

/** How access and refresh tokens are written: the profile's value, or a JWT around it. */
export function springTokenFormat(settings: SpringSettings, engine: TokenEngine): FormatSpec {
  const value = settings.profile.tokenValue;
  const jwt = settings.jwt;
  if (!jwt) return value;
  return {
    type: 'jwt',
    alg: jwt.alg,
    key: jwt.alg === 'HS256' ? jwt.signingKey : jwt.kid,
    jti: value,
    // spring-security-jwt JwtHeaderHelper: alg then typ, no kid (typ since 1.0.6).
    header: () => (jwt.typHeader ? { alg: jwt.alg, typ: 'JWT' } : { alg: jwt.alg }),
    claims: (input) => jwtClaims(input, settings, engine.directory.client(input.clientId)),
  };
}

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

/** JwtAccessTokenConverter's verifier key: SPKI base64 on one line between PEM markers. */
function oneLinePem(pem: string): string {
  const base64 = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return `-----BEGIN PUBLIC KEY-----\n${base64}\n-----END PUBLIC KEY-----`;
}

/** `TokenKeyEndpoint`: `{alg, value}` with Java's algorithm names; HS256 shows the shared key itself. */
export function tokenKeyBody(settings: SpringSettings, engine: TokenEngine): Record<string, unknown> {
  const jwt = settings.jwt!;
  if (jwt.alg === 'RS256') return { alg: 'SHA256withRSA', value: oneLinePem(engine.keys.publicKeyPem(jwt.kid)) };
  return { alg: 'HMACSHA256', value: jwt.signingKey };
}
