import type { FormatSpec } from './formats/format';
import type { UserIdentifier } from './directory';

/**
 * What a dialect profile decides about tokens. Profiles are data: a dialect builds one
 * policy per profile at mount time and passes it with each request.
 */
export interface TokenPolicy {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  codeTtl: number;
  formats: {
    access_token: FormatSpec;
    refresh_token: FormatSpec;
    authorization_code: FormatSpec;
  };
  /** `rotate`: each refresh consumes the RT and issues a new one; `reuse`: the RT stays. */
  refreshRotation: 'rotate' | 'reuse';
  /** Which grants come with a refresh token (client_credentials never, by default). */
  refreshTokenGrants: readonly string[];
  /** Spring's token stores hand back the live token for the same user, client and scope. */
  reuseLiveAccessToken: boolean;
  /**
   * Keep each token's value sealed with the server key, for a dialect that shows tokens again
   * (listings, Spring's live-token reuse). Off by default: a value kept is memory and exposure.
   */
  keepTokenValues: boolean;
  userIdentifiers: readonly UserIdentifier[];
}

export const DEFAULT_POLICY: TokenPolicy = {
  accessTokenTtl: 3600,
  refreshTokenTtl: 86400,
  codeTtl: 60,
  formats: {
    access_token: { type: 'opaque' },
    refresh_token: { type: 'opaque' },
    authorization_code: { type: 'opaque' },
  },
  refreshRotation: 'rotate',
  refreshTokenGrants: ['password', 'authorization_code', 'refresh_token'],
  reuseLiveAccessToken: false,
  keepTokenValues: false,
  userIdentifiers: ['username'],
};

export function policyWith(overrides: Partial<TokenPolicy>): TokenPolicy {
  return { ...DEFAULT_POLICY, ...overrides, formats: { ...DEFAULT_POLICY.formats, ...overrides.formats } };
}
