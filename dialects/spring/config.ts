import type { DialectSection } from '../kit';
import { DEFAULT_PROFILE, PROFILES, type SpringProfile, type SpringProfileName } from './profiles';

export type AccessRule = 'denyAll' | 'isAuthenticated' | 'permitAll';
export type BootErrorFormat = '1.x' | '2.0' | '2.3' | '2.5';

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
    boot_error_format: { enum: ['1.x', '2.0', '2.3', '2.5'] },
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
  bootErrorFormat: BootErrorFormat;
}

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
    bootErrorFormat: (section.boot_error_format as BootErrorFormat | undefined) ?? '2.0',
  };
}
