import type { DialectSection } from '../kit';
import type { UserIdentifier } from '../../src/core';

/** One username/password auth source: the identifiers it accepts and the applications it serves. */
export interface AuthSource {
  id: string;
  identifiers: UserIdentifier[];
  clients: string[];
}

/** The dialect's settings, defaults applied (Spring Authorization Server 0.2 defaults, as CIAM shows them). */
export interface CiamSettings {
  /** `iss` of every token and the discovery document; default: the gateway's public URL + base_path. */
  issuer: string;
  /** Public URL the endpoints are published under (gateway URL + base_path). */
  endpointBase: string;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  idTokenTtl: number;
  codeTtl: number;
  refreshRotation: 'reuse' | 'rotate';
  /** Subtracted from the remaining lifetime in `expires_in` (SAS 0.2 truncates, so a 300 s token reads 299). */
  expiresInLag: number;
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
    profile: { enum: ['sas-0.2'] },
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
  },
};

export function ciamSettings(section: DialectSection, gatewayUrl: string, basePath: string): CiamSettings {
  const endpointBase = `${gatewayUrl.replace(/\/+$/, '')}${basePath.replace(/\/+$/, '')}`;
  const rawSources = (section.auth_sources ?? []) as Array<{ id: string; identifiers?: UserIdentifier[]; clients: string[] }>;
  const seen = new Set<string>();
  for (const source of rawSources) {
    if (seen.has(source.id)) throw new Error(`dialects.ciam.auth_sources: the id "${source.id}" is used twice`);
    seen.add(source.id);
  }
  return {
    issuer: (section.issuer as string | undefined) ?? endpointBase,
    endpointBase,
    accessTokenTtl: (section.access_token_ttl as number | undefined) ?? 300,
    refreshTokenTtl: (section.refresh_token_ttl as number | undefined) ?? 3600,
    idTokenTtl: (section.id_token_ttl as number | undefined) ?? 1800,
    codeTtl: (section.code_ttl as number | undefined) ?? 300,
    refreshRotation: (section.refresh_rotation as 'reuse' | 'rotate' | undefined) ?? 'reuse',
    expiresInLag: (section.expires_in_lag as number | undefined) ?? 1,
    authSources: rawSources.map((s) => ({ id: s.id, identifiers: s.identifiers ?? ['username'], clients: s.clients })),
    discoveryExtraFields: (section.discovery_extra_fields as boolean | undefined) ?? false,
    userinfoClaims: (section.userinfo_claims as string[] | undefined) ?? DEFAULT_USERINFO_CLAIMS,
  };
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
