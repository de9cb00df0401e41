import type { DialectSection } from '../kit';
import { policyWith, type TokenPolicy } from '../../src/core';
import { DEFAULT_PROFILE, PROFILES, type StandardProfile } from './profiles';

/** Where each endpoint lives below the base path: the routes and the discovery document both read it. */
export const STANDARD_PATHS = {
  authorize: '/authorize',
  token: '/token',
  introspect: '/introspect',
  revoke: '/revoke',
  userinfo: '/userinfo',
  jwks: '/jwks',
  discovery: '/.well-known/openid-configuration',
} as const;

/** The OpenID provider's issuer: the gateway's public URL and the mount point (what discovery is fetched below). */
export function standardIssuer(gatewayIssuer: string, basePath: string): string {
  return `${gatewayIssuer.replace(/\/+$/, '')}${basePath.replace(/\/+$/, '')}`;
}

export const standardConfigSchema = {
  properties: {
    profile: { enum: Object.keys(PROFILES) },
    access_token_ttl: { type: 'integer', minimum: 1, maximum: 31536000 },
    refresh_token_ttl: { type: 'integer', minimum: 1, maximum: 31536000 },
    refresh_rotation: { enum: ['rotate', 'reuse'] },
    token_format: { enum: ['opaque', 'jwt'] },
  },
};

/** The section's profile (validated against the schema's enum before any dialect mounts). */
export function standardProfile(section: DialectSection): StandardProfile {
  return PROFILES[(section.profile as StandardProfile['name'] | undefined) ?? DEFAULT_PROFILE];
}

export function standardPolicy(section: DialectSection): TokenPolicy {
  const { defaults, userIdentifiers } = standardProfile(section);
  const jwt = section.token_format === 'jwt';
  return policyWith({
    accessTokenTtl: (section.access_token_ttl as number | undefined) ?? defaults.accessTokenTtl,
    refreshTokenTtl: (section.refresh_token_ttl as number | undefined) ?? defaults.refreshTokenTtl,
    refreshRotation: (section.refresh_rotation as 'rotate' | 'reuse' | undefined) ?? defaults.refreshRotation,
    userIdentifiers,
    formats: {
      access_token: jwt
        ? {
            type: 'jwt',
            alg: 'RS256',
            jti: { type: 'opaque', length: 22 },
            header: (kid) => ({ typ: 'at+jwt', kid }),
            // RFC 9068 claims.
            claims: (c) => ({
              iss: c.issuer,
              sub: c.subject.username ?? c.subject.id,
              aud: c.clientId,
              exp: c.expiresAt,
              iat: c.issuedAt,
              jti: c.jti,
              client_id: c.clientId,
              scope: c.scope.join(' '),
              // Claims of one's own (never a registered name) come last.
              ...c.custom,
            }),
          }
        : { type: 'opaque' },
      refresh_token: { type: 'opaque' },
      authorization_code: { type: 'opaque' },
    },
  });
}
