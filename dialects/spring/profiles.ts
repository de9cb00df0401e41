import type { FormatSpec, JwtFormatSpec } from '../../src/core';
import { BOOT_ERROR_PROFILES, type BootErrorProfile } from '../kit/jvm';

/** A format whose value is the token itself: an opaque token, or a JWT's `jti`. */
export type TokenValueFormat = Exclude<FormatSpec, JwtFormatSpec>;

/**
 * Spring Security OAuth2 versions whose wire behaviour differs (reference part A.0).
 * Data only: the code reads these fields, never the profile's name.
 */
export interface SpringProfile {
  /** Token values and JWT `jti`s: `UUID.randomUUID()` up to 2.4.0, 20 random bytes in base64url (27 chars) from 2.4.1. */
  tokenValue: TokenValueFormat;
  /** `{grant_type}` is replaced by the request's grant type. */
  unsupportedGrantMessage: string;
  /** 2.3.7 made `/oauth/check_token` POST-only (gh-1710); before, any method answered. */
  checkTokenPostOnly: boolean;
  /** `grant_type=refresh_token` without `refresh_token`: an NPE (500) before 2.4.1, then a 400 (gh-941). */
  missingRefreshToken: { status: number; error: string; description: string };
  /**
   * The Spring Boot generation whose `/error` page renders container errors. Every line is
   * answered as Boot 2.0–2.2, the generation 2.3.x shipped with; `boot_error_format` picks another.
   */
  bootError: BootErrorProfile;
}

const SERVER_ERROR = { status: 500, error: 'server_error', description: 'Internal Server Error' };
const UUID: TokenValueFormat = { type: 'uuid' };
const BASE64URL_27: TokenValueFormat = { type: 'opaque', length: 27 };

export const PROFILES = {
  /** 2.3.0 – 2.3.6: the Spring Cloud Greenwich/Hoxton-era default, and the seed's UUID `jti`. */
  '2.3': {
    tokenValue: UUID,
    unsupportedGrantMessage: 'Unsupported grant type: {grant_type}',
    checkTokenPostOnly: false,
    missingRefreshToken: SERVER_ERROR,
    bootError: BOOT_ERROR_PROFILES['2.0'],
  },
  /** 2.3.7, 2.3.8 and 2.4.0. */
  '2.3.7': {
    tokenValue: UUID,
    unsupportedGrantMessage: 'Unsupported grant type',
    checkTokenPostOnly: true,
    missingRefreshToken: SERVER_ERROR,
    bootError: BOOT_ERROR_PROFILES['2.0'],
  },
  /** 2.4.1 and later (2.5.x). */
  '2.4': {
    tokenValue: BASE64URL_27,
    unsupportedGrantMessage: 'Unsupported grant type',
    checkTokenPostOnly: true,
    missingRefreshToken: { status: 400, error: 'invalid_request', description: 'refresh_token parameter not provided' },
    bootError: BOOT_ERROR_PROFILES['2.0'],
  },
} as const satisfies Record<string, SpringProfile>;

export type SpringProfileName = keyof typeof PROFILES;
export const DEFAULT_PROFILE: SpringProfileName = '2.3';

/**
 * `boot_error_format`: the Boot generations a deployment may name instead of its profile's,
 * each the kit's row for it (1.x; 2.0–2.2; 2.3–2.4; 2.5).
 */
export const BOOT_ERROR_FORMATS = {
  '1.x': BOOT_ERROR_PROFILES['1.x'],
  '2.0': BOOT_ERROR_PROFILES['2.0'],
  '2.3': BOOT_ERROR_PROFILES['2.3'],
  '2.5': BOOT_ERROR_PROFILES['2.5'],
} as const satisfies Record<string, BootErrorProfile>;

export type BootErrorFormat = keyof typeof BOOT_ERROR_FORMATS;
