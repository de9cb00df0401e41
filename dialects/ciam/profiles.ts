/**
 * What the Spring Authorization Server release under CIAM fixes on the wire, as data: the code
 * reads these fields and never asks which release it is. Key orders are the Java HashMap
 * iteration orders the CIAM samples show; a key is written when it has a value.
 */

export type TokenResponseKey = 'access_token' | 'refresh_token' | 'scope' | 'id_token' | 'token_type' | 'expires_in';
export type JwtHeaderKey = 'kid' | 'typ' | 'alg';
export type AccessTokenClaim = 'sub' | 'aud' | 'nbf' | 'scope' | 'iss' | 'exp' | 'iat' | 'jti';
export type IdTokenClaim = 'sub' | 'aud' | 'azp' | 'iss' | 'exp' | 'iat' | 'nonce' | 'jti';
export type JwkKey = 'kty' | 'e' | 'kid' | 'n';

/** `error_uri` values, verbatim from the release's endpoint filters and Spring Security. */
export interface ErrorUris {
  token: string;
  authorize: string;
  pkce: string;
  revoke: string;
  bearer: string;
}

export interface CiamProfile {
  /** Defaults of the settings `dialects.ciam` may override (lifetimes in seconds). */
  defaults: {
    accessTokenTtl: number;
    refreshTokenTtl: number;
    idTokenTtl: number;
    codeTtl: number;
    /** `reuse`: `reuseRefreshTokens=true`, the refresh grant answers with the same refresh token. */
    refreshRotation: 'reuse' | 'rotate';
    /** The release truncates the remaining lifetime a moment after issue: a 300 s token reads 299. */
    expiresInLag: number;
  };
  /** Access and ID tokens; the kid is the key ring's. */
  signingAlg: 'RS256';
  jwtHeader: { typ: string; order: readonly JwtHeaderKey[] };
  accessTokenClaims: readonly AccessTokenClaim[];
  idTokenClaims: readonly IdTokenClaim[];
  /** `aud` as the bare client id or as a one-element array. */
  audience: 'string' | 'array';
  /** Refresh tokens and codes: base64url of random bytes, this many characters (`Base64StringKeyGenerator`). */
  opaqueTokenLength: number;
  /** Grants whose answer carries a refresh token. */
  refreshTokenGrants: readonly string[];
  tokenResponse: readonly TokenResponseKey[];
  jwk: readonly JwkKey[];
  errorUris: ErrorUris;
}

export const PROFILES = {
  'sas-0.2': {
    defaults: { accessTokenTtl: 300, refreshTokenTtl: 3600, idTokenTtl: 1800, codeTtl: 300, refreshRotation: 'reuse', expiresInLag: 1 },
    signingAlg: 'RS256',
    jwtHeader: { typ: 'JWT', order: ['kid', 'typ', 'alg'] },
    accessTokenClaims: ['sub', 'aud', 'nbf', 'scope', 'iss', 'exp', 'iat', 'jti'],
    idTokenClaims: ['sub', 'aud', 'azp', 'iss', 'exp', 'iat', 'nonce', 'jti'],
    audience: 'string',
    // 96 random bytes.
    opaqueTokenLength: 128,
    refreshTokenGrants: ['password', 'authorization_code', 'refresh_token'],
    tokenResponse: ['access_token', 'refresh_token', 'scope', 'id_token', 'token_type', 'expires_in'],
    jwk: ['kty', 'e', 'kid', 'n'],
    errorUris: {
      token: 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2',
      authorize: 'https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1',
      pkce: 'https://datatracker.ietf.org/doc/html/rfc7636#section-4.4.1',
      revoke: 'https://tools.ietf.org/html/rfc7009#section-2.1',
      bearer: 'https://tools.ietf.org/html/rfc6750#section-3.1',
    },
  },
} as const satisfies Record<string, CiamProfile>;

export type CiamProfileName = keyof typeof PROFILES;
export const DEFAULT_PROFILE: CiamProfileName = 'sas-0.2';
