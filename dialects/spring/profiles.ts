/**
 * Spring Security OAuth2 versions whose wire behaviour differs (reference part A.0).
 * Data only: the code reads these fields, never the profile's name.
 */
export interface SpringProfile {
  /** Token values and JWT `jti`s: `UUID.randomUUID()` up to 2.4.0, 20 random bytes in base64url (27 chars) from 2.4.1. */
  tokenValue: 'uuid' | 'base64url-27';
  /** `{grant_type}` is replaced by the request's grant type. */
  unsupportedGrantMessage: string;
  /** 2.3.7 made `/oauth/check_token` POST-only (gh-1710); before, any method answered. */
  checkTokenPostOnly: boolean;
  /** `grant_type=refresh_token` without `refresh_token`: an NPE (500) before 2.4.1, then a 400 (gh-941). */
  missingRefreshToken: { status: number; error: string; description: string };
}

const SERVER_ERROR = { status: 500, error: 'server_error', description: 'Internal Server Error' };

export const PROFILES = {
  /** 2.3.0 – 2.3.6: the Spring Cloud Greenwich/Hoxton-era default, and the seed's UUID `jti`. */
  '2.3': {
    tokenValue: 'uuid',
    unsupportedGrantMessage: 'Unsupported grant type: {grant_type}',
    checkTokenPostOnly: false,
    missingRefreshToken: SERVER_ERROR,
  },
  /** 2.3.7, 2.3.8 and 2.4.0. */
  '2.3.7': {
    tokenValue: 'uuid',
    unsupportedGrantMessage: 'Unsupported grant type',
    checkTokenPostOnly: true,
    missingRefreshToken: SERVER_ERROR,
  },
  /** 2.4.1 and later (2.5.x). */
  '2.4': {
    tokenValue: 'base64url-27',
    unsupportedGrantMessage: 'Unsupported grant type',
    checkTokenPostOnly: true,
    missingRefreshToken: { status: 400, error: 'invalid_request', description: 'refresh_token parameter not provided' },
  },
} as const satisfies Record<string, SpringProfile>;

export type SpringProfileName = keyof typeof PROFILES;
export const DEFAULT_PROFILE: SpringProfileName = '2.3';
