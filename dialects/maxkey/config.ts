import { type TokenEngine, policyWith, type TokenPolicy } from '../../src/core';
import { upstreamConfigSchema, type DialectSection } from '../kit';
import { DEFAULT_PROFILE, PROFILES, type MaxkeyProfile, type MaxkeyProfileName } from './profiles';

/** MaxKey endpoint paths (`OAuth2Constants.ENDPOINT_BASE = /authz/oauth/v20`), relative to `base_path` (`/sign`). */
export const MAXKEY_PATHS = {
  token: '/authz/oauth/v20/token',
  /** Alias kept for Tencent iOA. */
  tokenAlias: '/oauth2/token',
  authorize: '/authz/oauth/v20/authorize',
  authorizeAlias: '/oauth2/authorize',
  checkToken: '/authz/oauth/v20/check_token',
  introspect: '/authz/oauth/v20/introspect',
  jwks: '/authz/oauth/v20/jwks',
  discovery: '/authz/oauth/v20/.well-known/openid-configuration',
  rootDiscovery: '/.well-known/openid-configuration',
  me: '/api/oauth/v20/me',
  userinfo: '/api/connect/v10/userinfo',
} as const;

/** The dialect's settings, defaults applied (MaxKey admin UI defaults: 300 s for both tokens). */
export interface MaxkeySettings {
  profile: MaxkeyProfile;
  /** Public URL the endpoints live under (gateway URL + base_path). */
  endpointBase: string;
  /** `iss` of ID tokens and discovery; MaxKey's default without a client is `<base>/maxkey`. */
  issuer: string;
  accessTokenValidity: number;
  refreshTokenValidity: number;
  codeValidity: number;
  /** `InMemory` (MaxKey's default persistence) says "(expired)" for a dead refresh token; `Redis` forgets it. */
  persistence: 'memory' | 'redis';
  /** `institution` of `/me` and userinfo when the user has no `institution` attribute. */
  instId: string | null;
}

const seconds = { type: 'integer', minimum: 1, maximum: 31536000 };

export const maxkeyConfigSchema = {
  properties: {
    profile: { enum: Object.keys(PROFILES) },
    issuer: { type: 'string', format: 'uri' },
    access_token_validity: seconds,
    refresh_token_validity: seconds,
    code_validity: { type: 'integer', minimum: 1, maximum: 3600 },
    persistence: { enum: ['memory', 'redis'] },
    inst_id: { type: ['string', 'null'] },
    upstream: upstreamConfigSchema,
  },
};

export function maxkeySettings(section: DialectSection, gatewayUrl: string, basePath: string): MaxkeySettings {
  const endpointBase = `${gatewayUrl.replace(/\/+$/, '')}${basePath.replace(/\/+$/, '')}`;
  return {
    profile: PROFILES[(section.profile as MaxkeyProfileName | undefined) ?? DEFAULT_PROFILE],
    endpointBase,
    issuer: (section.issuer as string | undefined) ?? `${endpointBase}/maxkey`,
    accessTokenValidity: (section.access_token_validity as number | undefined) ?? 300,
    refreshTokenValidity: (section.refresh_token_validity as number | undefined) ?? 300,
    codeValidity: (section.code_validity as number | undefined) ?? 600,
    persistence: (section.persistence as 'memory' | 'redis' | undefined) ?? 'memory',
    instId: section.inst_id === undefined ? '1' : (section.inst_id as string | null),
  };
}

/** MaxKey's per-app settings, under the client's `settings.maxkey` (read per request: clients may be reloaded). */
export interface MaxkeyClientSettings {
  /** Which user attribute `user`/`username`/`sub` carry (`username` by default). */
  subject: string;
  /** `NORMAL`: JSON userinfo; anything else: an unsigned JWT (MaxKey's default). */
  userinfoResponse: string;
}

export function maxkeyClientSettings(settings: Record<string, unknown>): MaxkeyClientSettings {
  const own = (settings.maxkey && typeof settings.maxkey === 'object' ? settings.maxkey : {}) as Record<string, unknown>;
  return {
    subject: typeof own.subject === 'string' ? own.subject : 'username',
    userinfoResponse: typeof own.userinfo_response === 'string' ? own.userinfo_response.toUpperCase() : 'PLAIN',
  };
}

export interface MaxkeyPolicies {
  /** For apps whose grant types include `refresh_token` (`DefaultTokenServices.isSupportRefreshToken`). */
  withRefresh: TokenPolicy;
  withoutRefresh: TokenPolicy;
}

/** UUID tokens and codes (`UUID.randomUUID()`), the live token handed back again, refresh tokens reused. */
export function maxkeyPolicies(settings: MaxkeySettings, engine: TokenEngine): MaxkeyPolicies {
  const withRefresh = engine.usePolicy(
    policyWith({
      accessTokenTtl: settings.accessTokenValidity,
      refreshTokenTtl: settings.refreshTokenValidity,
      codeTtl: settings.codeValidity,
      formats: { access_token: { type: 'uuid' }, refresh_token: { type: 'uuid' }, authorization_code: { type: 'uuid' } },
      refreshRotation: 'reuse',
      refreshTokenGrants: ['password', 'authorization_code', 'refresh_token'],
      reuseLiveAccessToken: true,
      userIdentifiers: ['username'],
    }),
  );
  return { withRefresh, withoutRefresh: { ...withRefresh, refreshTokenGrants: [] } };
}
