import { type TokenEngine, policyWith, type TokenPolicy } from '../../src/core';
import { settingsPerContext, upstreamConfigSchema, type DialectContext, type DialectSection } from '../kit';
import type { BootErrorProfile } from '../kit/jvm';
import { BOOT_ERROR_FORMATS, DEFAULT_PROFILE, PROFILES, type BootErrorFormat, type SpringProfile, type SpringProfileName } from './profiles';
import { springTokenFormat } from './render';

export type AccessRule = 'denyAll' | 'isAuthenticated' | 'permitAll';

/** Claim names `DefaultAccessTokenConverter` writes itself: extra claims may not reuse them. */
export const RESERVED_CLAIMS = ['user_name', 'authorities', 'scope', 'jti', 'exp', 'client_id', 'aud', 'ati', 'grant_type', 'active'];

const accessRule = { enum: ['denyAll', 'isAuthenticated', 'permitAll'] };

export const springConfigSchema = {
  properties: {
    profile: { enum: Object.keys(PROFILES) },
    token_format: { enum: ['opaque', 'jwt'] },
    jwt: {
      type: 'object',
      additionalProperties: false,
      properties: {
        alg: { enum: ['HS256', 'RS256'] },
        signing_key: { type: 'string', minLength: 1 },
        kid: { type: 'string', minLength: 1 },
        typ_header: { type: 'boolean' },
        user_claim_name: { type: 'string', minLength: 1 },
      },
    },
    extra_claims: { type: 'object', propertyNames: { not: { enum: RESERVED_CLAIMS } } },
    access_token_validity: { type: 'integer', minimum: 1, maximum: 31536000 },
    refresh_token_validity: { type: 'integer', minimum: 1, maximum: 31536000 },
    reuse_refresh_token: { type: 'boolean' },
    reuse_access_token: { type: 'boolean' },
    allow_form_authentication: { type: 'boolean' },
    token_endpoint_methods: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['GET', 'POST'] } },
    password_grant: { type: 'boolean' },
    check_token_access: accessRule,
    check_token_post_only: { type: 'boolean' },
    token_key_access: accessRule,
    role_prefix: { type: 'string' },
    boot_error_format: { enum: Object.keys(BOOT_ERROR_FORMATS) },
    upstream: upstreamConfigSchema,
  },
  if: { properties: { token_format: { const: 'jwt' } }, required: ['token_format'] },
  then: {
    required: ['jwt'],
    properties: {
      jwt: { if: { properties: { alg: { const: 'RS256' } }, required: ['alg'] }, else: { required: ['signing_key'] } },
    },
  },
};

export interface JwtSettings {
  alg: 'HS256' | 'RS256';
  signingKey?: string;
  kid?: string;
  typHeader: boolean;
  userClaimName: string;
}

/** The section with every default applied: what the rest of the dialect reads. */
export interface SpringSettings {
  profile: SpringProfile;
  jwt?: JwtSettings;
  extraClaims: Record<string, unknown>;
  accessTokenValidity: number;
  refreshTokenValidity: number;
  reuseRefreshToken: boolean;
  reuseAccessToken: boolean;
  allowFormAuthentication: boolean;
  tokenEndpointMethods: string[];
  passwordGrant: boolean;
  checkTokenAccess: AccessRule;
  checkTokenPostOnly: boolean;
  tokenKeyAccess: AccessRule;
  rolePrefix: string;
  /** How the Boot `/error` page of container errors is written. */
  bootError: BootErrorProfile;
}

/** The settings of a mounted context, read once (its mount and its error rendering share them). */
export const springSettingsOf = settingsPerContext((section) => springSettings(section));

export function springSettings(section: DialectSection): SpringSettings {
  const profile: SpringProfile = PROFILES[(section.profile as SpringProfileName | undefined) ?? DEFAULT_PROFILE];
  const jwtSection = section.jwt as Record<string, unknown> | undefined;
  const jwt: JwtSettings | undefined =
    section.token_format === 'jwt'
      ? {
          alg: (jwtSection?.alg as 'HS256' | 'RS256' | undefined) ?? 'HS256',
          signingKey: jwtSection?.signing_key as string | undefined,
          kid: jwtSection?.kid as string | undefined,
          typHeader: (jwtSection?.typ_header as boolean | undefined) ?? true,
          userClaimName: (jwtSection?.user_claim_name as string | undefined) ?? 'user_name',
        }
      : undefined;
  if (jwt?.alg === 'HS256' && !jwt.signingKey) throw new Error('dialects.spring.jwt.signing_key is required for HS256');
  return {
    profile,
    jwt,
    extraClaims: (section.extra_claims as Record<string, unknown> | undefined) ?? {},
    accessTokenValidity: (section.access_token_validity as number | undefined) ?? 43200,
    refreshTokenValidity: (section.refresh_token_validity as number | undefined) ?? 2592000,
    reuseRefreshToken: (section.reuse_refresh_token as boolean | undefined) ?? true,
    // InMemory/Redis/JDBC token stores hand back the live token; a JWT-only JwtTokenStore never does.
    reuseAccessToken: (section.reuse_access_token as boolean | undefined) ?? jwt === undefined,
    allowFormAuthentication: (section.allow_form_authentication as boolean | undefined) ?? false,
    tokenEndpointMethods: (section.token_endpoint_methods as string[] | undefined) ?? ['POST'],
    passwordGrant: (section.password_grant as boolean | undefined) ?? true,
    checkTokenAccess: (section.check_token_access as AccessRule | undefined) ?? 'denyAll',
    checkTokenPostOnly: (section.check_token_post_only as boolean | undefined) ?? profile.checkTokenPostOnly,
    tokenKeyAccess: (section.token_key_access as AccessRule | undefined) ?? 'denyAll',
    rolePrefix: (section.role_prefix as string | undefined) ?? 'ROLE_',
    bootError: section.boot_error_format === undefined ? profile.bootError : BOOT_ERROR_FORMATS[section.boot_error_format as BootErrorFormat],
  };
}

/** The keys the JWT settings name, checked against the engine's key ring once at mount. */
export function checkJwtKeys(settings: SpringSettings, context: DialectContext): void {
  const jwt = settings.jwt;
  if (jwt?.alg === 'HS256' && Buffer.byteLength(jwt.signingKey ?? '') < 32) {
    context.logger.warn('dialects.spring.jwt.signing_key is shorter than 32 bytes: HS256 tokens signed with it can be brute-forced');
  }
  const kid = jwt?.kid;
  if (jwt?.alg === 'RS256' && kid !== undefined && !context.engine.keys.jwks().keys.some((key) => key.kid === kid)) {
    throw new Error(`dialects.spring.jwt.kid: no key "${kid}" in keys.rsa`);
  }
}

export interface SpringPolicies {
  /** For clients whose grant types include `refresh_token` (DefaultTokenServices.isSupportRefreshToken). */
  withRefresh: TokenPolicy;
  withoutRefresh: TokenPolicy;
}

/** Built once at mount; `usePolicy` registers an HS256 key so every process verifies it. */
export function springPolicies(settings: SpringSettings, engine: TokenEngine): SpringPolicies {
  const format = springTokenFormat(settings, engine);
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
