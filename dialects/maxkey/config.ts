import type { DialectSection } from '../kit';
import { DEFAULT_PROFILE, PROFILES, type MaxkeyProfile, type MaxkeyProfileName } from './profiles';

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
