/**
 * CAS versions as data. Every row of the version matrix in the CAS reference that the gateway
 * emulates is a field here; the code never asks which version it is.
 */
import { BOOT_ERROR_PROFILES, type BootErrorProfile, type BootTimestampStyle } from '../kit/jvm';

/** Token-endpoint failures after the client (and user) authenticated: CAS's 400 channel. */
export type RequestSituation =
  | 'bad_request'
  | 'grant_not_allowed'
  | 'bad_code'
  | 'bad_refresh_token'
  | 'grant_failed'
  | 'bad_scope'
  | 'secret_in_query';

export interface WireError {
  error: string;
  error_description?: string;
}

export type TokenKey = 'access_token' | 'refresh_token' | 'token_type' | 'expires_in' | 'scope';

/** How Spring Boot's `/error` JSON writes `timestamp` (config `error_timestamp`). */
export type TimestampStyle = BootTimestampStyle;

export interface CasProfile {
  name: 'cas5' | 'cas6' | 'cas7';
  title: string;
  /** `/oauth2.0/introspect` (6.0+) and `/oauth2.0/revoke` (6.2+). */
  introspection: boolean;
  revocation: boolean;
  profileMethods: ReadonlyArray<'GET' | 'POST'>;
  token: {
    /** Wire order of the success keys; a key is written when present. */
    keyOrder: readonly TokenKey[];
    /** `scope` always present (6.1+), possibly "". */
    scope: boolean;
    /** A client's `json_format: false` gives `access_token=…&expires_in=…` (CAS ≤ 5.3). */
    textFormat: boolean;
    /** `renew_refresh_token` on a client rotates refresh tokens (6.1+); before, a refresh never gives a new one. */
    renewRefreshToken: boolean;
  };
  /** The 400 channel of the token endpoint: `error=<code>` as text/plain, or JSON. */
  requestErrors: { format: 'text' | 'json'; codes: Record<RequestSituation, WireError> };
  /** Spring Boot `/error` body (401 authentication failures, 405, …). */
  springError: BootErrorProfile;
  userProfile: {
    /** Jackson's default pretty printer (CAS 5.x `OAuthUtils.jsonify`). */
    pretty: boolean;
    /** `{"error":["expired_accessToken"]}` (≤ 6.0) or `{"error":"expired_accessToken"}` (6.1+). */
    errorAsList: boolean;
  };
  /** HTTP Basic client secrets are URL-decoded before comparison (6.x+). */
  basicSecretUrlDecoded: boolean;
}

const INVALID_REQUEST: WireError = { error: 'invalid_request' };
const INVALID_GRANT: WireError = { error: 'invalid_grant' };

/** CAS 5.2 / 5.3 (Spring Boot 1.5): what the seed document shows. */
const CAS5: CasProfile = {
  name: 'cas5',
  title: 'Apereo CAS 5.2/5.3 OAuth 2.0',
  introspection: false,
  revocation: false,
  profileMethods: ['GET'],
  token: {
    keyOrder: ['access_token', 'token_type', 'expires_in', 'refresh_token'],
    scope: false,
    textFormat: true,
    renewRefreshToken: false,
  },
  requestErrors: {
    format: 'text',
    codes: {
      bad_request: INVALID_REQUEST,
      grant_not_allowed: INVALID_REQUEST,
      bad_code: INVALID_REQUEST,
      bad_refresh_token: INVALID_REQUEST,
      grant_failed: INVALID_GRANT,
      bad_scope: INVALID_GRANT,
      secret_in_query: INVALID_GRANT,
    },
  },
  springError: BOOT_ERROR_PROFILES['1.x'],
  userProfile: { pretty: true, errorAsList: true },
  basicSecretUrlDecoded: false,
};

/** CAS 6.1 – 6.6 (Spring Boot 2.x). The key order is java.util.HashMap's. */
const CAS6: CasProfile = {
  name: 'cas6',
  title: 'Apereo CAS 6.x OAuth 2.0',
  introspection: true,
  revocation: true,
  profileMethods: ['GET', 'POST'],
  token: {
    keyOrder: ['access_token', 'refresh_token', 'token_type', 'expires_in', 'scope'],
    scope: true,
    textFormat: false,
    renewRefreshToken: true,
  },
  requestErrors: {
    format: 'json',
    codes: {
      bad_request: INVALID_REQUEST,
      grant_not_allowed: INVALID_REQUEST,
      bad_code: INVALID_REQUEST,
      bad_refresh_token: INVALID_REQUEST,
      grant_failed: INVALID_GRANT,
      bad_scope: { error: 'invalid_scope' },
      secret_in_query: INVALID_GRANT,
    },
  },
  springError: BOOT_ERROR_PROFILES['2.0'],
  userProfile: { pretty: false, errorAsList: false },
  basicSecretUrlDecoded: true,
};

/** CAS 7.x (Spring Boot 3, `server.error.include-message=ALWAYS`). */
const CAS7: CasProfile = {
  ...CAS6,
  name: 'cas7',
  title: 'Apereo CAS 7.x OAuth 2.0',
  requestErrors: {
    format: 'json',
    codes: {
      bad_request: INVALID_REQUEST,
      grant_not_allowed: INVALID_GRANT,
      bad_code: INVALID_GRANT,
      bad_refresh_token: INVALID_GRANT,
      grant_failed: { error: 'invalid_grant', error_description: 'Invalid or unauthorized grant' },
      bad_scope: { error: 'invalid_scope', error_description: 'Invalid or unauthorized scope' },
      secret_in_query: INVALID_GRANT,
    },
  },
  springError: { ...BOOT_ERROR_PROFILES['3.x'], message: 'resolved' },
};

export const PROFILES: Record<CasProfile['name'], CasProfile> = { cas5: CAS5, cas6: CAS6, cas7: CAS7 };
export const DEFAULT_PROFILE: CasProfile['name'] = 'cas5';
