import { type TokenEngine, type FormatSpec, type JwtFormatSpec, policyWith, type TokenPolicy } from '../../src/core';
import type { SpringSettings } from './config';
import { jwtClaims } from './claims';

export interface SpringPolicies {
  /** For clients whose grant types include `refresh_token` (DefaultTokenServices.isSupportRefreshToken). */
  withRefresh: TokenPolicy;
  withoutRefresh: TokenPolicy;
}

function tokenFormat(settings: SpringSettings, engine: TokenEngine): FormatSpec {
  const value: Exclude<FormatSpec, JwtFormatSpec> = settings.profile.tokenValue === 'uuid' ? { type: 'uuid' } : { type: 'opaque', length: 27 };
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

/** Built once at mount; `usePolicy` registers an HS256 key so every process verifies it. */
export function springPolicies(settings: SpringSettings, engine: TokenEngine): SpringPolicies {
  const format = tokenFormat(settings, engine);
  const withRefresh = engine.usePolicy(
    policyWith({
      accessTokenTtl: settings.accessTokenValidity,
      refreshTokenTtl: settings.refreshTokenValidity,
      // Spring's codes never expire in its in-memory store; ten minutes is RFC 6749's ceiling.
      codeTtl: 600,
      formats: {
        access_token: format,
        refresh_token: format,
        // RandomValueStringGenerator: six characters.
        authorization_code: { type: 'opaque', length: 6 },
      },
      refreshRotation: settings.reuseRefreshToken ? 'reuse' : 'rotate',
      refreshTokenGrants: ['password', 'authorization_code', 'refresh_token'],
      reuseLiveAccessToken: settings.reuseAccessToken,
      userIdentifiers: ['username'],
    }),
  );
  return { withRefresh, withoutRefresh: { ...withRefresh, refreshTokenGrants: [] } };
}
