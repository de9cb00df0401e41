/** A value the token response can carry, computed by render.ts from the token result. */
export type TokenValue =
  | 'accessToken'
  | 'tokenType'
  | 'refreshToken'
  /** Whole seconds left (Java divides the milliseconds left at serialisation time). */
  | 'expiresIn'
  /** The expiry as MaxKey formats a `java.util.Date`. */
  | 'expiration'
  | 'expired'
  /** The scope joined by spaces; absent when empty. */
  | 'scopeWords'
  /** The scope as a JSON array, empty included. */
  | 'scopeList'
  /** Absent without an ID token. */
  | 'idToken'
  /** `{id_token}` or `{}`. */
  | 'additionalInformation'
  | 'alwaysNull';

/** One key of the token body; without `nullWhenAbsent` an absent value leaves the key out. */
export interface TokenField {
  key: string;
  value: TokenValue;
  nullWhenAbsent?: boolean;
}

/** How the token endpoint serialises its answer: the token body's keys, in order. */
export interface MaxkeyProfile {
  tokenBody: readonly TokenField[];
}

/**
 * `standard`: `OAuth2AccessTokenJackson2Serializer`, what every released MaxKey (≤ 4.1.12) sends —
 * access_token, token_type, [refresh_token], expires_in, [scope], then additional information.
 * `bean`: the getter bean of the Swagger document in alphabetical order, for clients generated from it
 * (and what MaxKey 4.2 on Jackson 3 is expected to send; inferred, not observed).
 */
export const PROFILES = {
  standard: {
    tokenBody: [
      { key: 'access_token', value: 'accessToken' },
      { key: 'token_type', value: 'tokenType' },
      { key: 'refresh_token', value: 'refreshToken' },
      { key: 'expires_in', value: 'expiresIn' },
      { key: 'scope', value: 'scopeWords' },
      { key: 'id_token', value: 'idToken' },
    ],
  },
  bean: {
    tokenBody: [
      { key: 'additionalInformation', value: 'additionalInformation' },
      { key: 'expiration', value: 'expiration' },
      { key: 'expired', value: 'expired' },
      { key: 'expiresIn', value: 'expiresIn' },
      { key: 'oauth2Exception', value: 'alwaysNull' },
      { key: 'refreshToken', value: 'refreshToken', nullWhenAbsent: true },
      { key: 'scope', value: 'scopeList' },
      { key: 'tokenType', value: 'tokenType' },
      { key: 'value', value: 'accessToken' },
    ],
  },
} as const satisfies Record<string, MaxkeyProfile>;

export type MaxkeyProfileName = keyof typeof PROFILES;
export const DEFAULT_PROFILE: MaxkeyProfileName = 'standard';
