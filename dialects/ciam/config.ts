import { type TokenPolicy, type UserIdentifier, policyWith } from '../../src/core';
import { upstreamConfigSchema, type DialectSection } from '../kit';
import { DEFAULT_PROFILE, PROFILES, type CiamProfile, type CiamProfileName } from './profiles';
import { accessTokenFormat } from './render';

/** CIAM endpoint paths (Spring Authorization Server defaults), relative to `base_path`. */
export const CIAM_PATHS = {
  authorize: '/oauth2/authorize',
  token: '/oauth2/token',
  revoke: '/oauth2/revoke',
  jwks: '/oauth2/jwks',
  discovery: '/.well-known/openid-configuration',
  userinfo: '/userinfo',
  logout: '/logout',
} as const;

/** One username/password auth source: the identifiers it accepts and the applications it serves. */
export interface AuthSource {
  id: string;
  identifiers: UserIdentifier[];
  clients: string[];
}

/** The dialect's settings, defaults applied (the profile's lifetimes and rotation, as CIAM shows them, unless configured). */
export interface CiamSettings extends Readonly<CiamProfile['defaults']> {
  profile: CiamProfile;
  /** `iss` of every token and the discovery document; default: the gateway's public URL + base_path. */
  issuer: string;
  /** Public URL the endpoints are published under (gateway URL + base_path). */
  endpointBase: string;
  authSources: AuthSource[];
  /** Append userinfo/revocation endpoints and PKCE methods to the discovery document (SAS 0.2.0 has none). */
  discoveryExtraFields: boolean;
  /** User attributes `/userinfo` returns after `sub`, in this order, unless a client lists its own. */
  userinfoClaims: string[];
}

export const DEFAULT_USERINFO_CLAIMS = ['email', 'phone_number', 'name', 'nickname', 'zoneinfo', 'locale'];

const ttl = (max: number) => ({ type: 'integer', minimum: 1, maximum: max });

export const ciamConfigSchema = {
  properties: {
    profile: { enum: Object.keys(PROFILES) },
    issuer: { type: 'string', format: 'uri', pattern: '^https?://[^?#]*[^/?#]$' },
    access_token_ttl: ttl(86400),
    refresh_token_ttl: ttl(31536000),
    id_token_ttl: ttl(86400),
    code_ttl: ttl(3600),
    refresh_rotation: { enum: ['reuse', 'rotate'] },
    expires_in_lag: { type: 'integer', minimum: 0, maximum: 60 },
    auth_sources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'clients'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 256 },
          identifiers: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: ['username', 'phone_number', 'email'] },
          },
          clients: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
        },
      },
    },
    discovery_extra_fields: { type: 'boolean' },
    userinfo_claims: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1, not: { const: 'sub' } } },
    upstream: upstreamConfigSchema,
  },
};

export function ciamProfile(section: DialectSection): CiamProfile {
  return PROFILES[(section.profile as CiamProfileName | undefined) ?? DEFAULT_PROFILE];
}

export function ciamSettings(section: DialectSection, gatewayUrl: string, basePath: string): CiamSettings {
  const profile = ciamProfile(section);
  const { defaults } = profile;
  const endpointBase = `${gatewayUrl.replace(/\/+$/, '')}${basePath.replace(/\/+$/, '')}`;
  const rawSources = (section.auth_sources ?? []) as Array<{ id: string; identifiers?: UserIdentifier[]; clients: string[] }>;
  const seen = new Set<string>();
  for (const source of rawSources) {
    if (seen.has(source.id)) throw new Error(`dialects.ciam.auth_sources: the id "${source.id}" is used twice`);
    seen.add(source.id);
  }
  return {
    profile,
    issuer: (section.issuer as string | undefined) ?? endpointBase,
    endpointBase,
    accessTokenTtl: (section.access_token_ttl as number | undefined) ?? defaults.accessTokenTtl,
    refreshTokenTtl: (section.refresh_token_ttl as number | undefined) ?? defaults.refreshTokenTtl,
    idTokenTtl: (section.id_token_ttl as number | undefined) ?? defaults.idTokenTtl,
    codeTtl: (section.code_ttl as number | undefined) ?? defaults.codeTtl,
    refreshRotation: (section.refresh_rotation as 'reuse' | 'rotate' | undefined) ?? defaults.refreshRotation,
    expiresInLag: (section.expires_in_lag as number | undefined) ?? defaults.expiresInLag,
    authSources: rawSources.map((s) => ({ id: s.id, identifiers: s.identifiers ?? ['username'], clients: s.clients })),
    discoveryExtraFields: (section.discovery_extra_fields as boolean | undefined) ?? false,
    userinfoClaims: (section.userinfo_claims as string[] | undefined) ?? DEFAULT_USERINFO_CLAIMS,
  };
}

/**
 * The token policy of one auth source (its identifiers decide who may sign in with the
 * password grant); the code, refresh and client_credentials grants use the default one.
 */
export function ciamPolicy(settings: CiamSettings, source?: AuthSource): TokenPolicy {
  const opaque = { type: 'opaque', length: settings.profile.opaqueTokenLength } as const;
  return policyWith({
    accessTokenTtl: settings.accessTokenTtl,
    refreshTokenTtl: settings.refreshTokenTtl,
    codeTtl: settings.codeTtl,
    formats: { access_token: accessTokenFormat(settings), refresh_token: opaque, authorization_code: opaque },
    refreshRotation: settings.refreshRotation,
    refreshTokenGrants: settings.profile.refreshTokenGrants,
    userIdentifiers: source?.identifiers ?? ['username'],
  });
}

/** Per-client CIAM settings, under the client's `settings.ciam` (read per request: clients may be reloaded). */
export interface CiamClientSettings {
  logoutRedirectUris?: string[];
  userinfoClaims?: string[];
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

export function ciamClientSettings(settings: Record<string, unknown>): CiamClientSettings {
  const own = settings.ciam;
  if (!own || typeof own !== 'object') return {};
  const raw = own as Record<string, unknown>;
  return { logoutRedirectUris: stringList(raw.logout_redirect_uris), userinfoClaims: stringList(raw.userinfo_claims) };
}
