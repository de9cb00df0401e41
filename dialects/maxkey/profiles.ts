/**
 * How the token endpoint serialises its answer. Data only: the code reads the fields.
 * `standard`: `OAuth2AccessTokenJackson2Serializer`, what every released MaxKey (≤ 4.1.12) sends.
 * `bean`: the getter bean of the Swagger document, for clients generated from it (and what
 * MaxKey 4.2 on Jackson 3 is expected to send; inferred, not observed).
 */
export interface MaxkeyProfile {
  tokenShape: 'standard' | 'bean';
}

export const PROFILES = {
  standard: { tokenShape: 'standard' },
  bean: { tokenShape: 'bean' },
} as const satisfies Record<string, MaxkeyProfile>;

export type MaxkeyProfileName = keyof typeof PROFILES;
export const DEFAULT_PROFILE: MaxkeyProfileName = 'standard';
