import { type DialectSection, ConfigError, compileSchema, upstreamConfigSchema } from '../kit';
import { type Client, policyWith, type TokenPolicy } from '../../src/core';
import { DEFAULT_PROFILE, PROFILES, type CasProfile, type TimestampStyle } from './profiles';

export type ProfileViewType = 'nested' | 'flat';

/** Keys of `dialects.cas` besides enabled/base_path/profile. */
export const casConfigSchema = {
  properties: {
    profile: { enum: Object.keys(PROFILES) },
    access_token_ttl: { type: 'integer', minimum: 1, maximum: 31536000 },
    refresh_token_ttl: { type: 'integer', minimum: 1, maximum: 31536000 },
    code_ttl: { type: 'integer', minimum: 1, maximum: 3600 },
    user_profile_view_type: { enum: ['nested', 'flat'] },
    ticket_suffix: { type: 'string', pattern: '^[A-Za-z0-9.-]{1,64}$' },
    reject_client_secret_in_query: { type: 'boolean' },
    error_timestamp: { enum: ['epoch_ms', 'iso_hhmm', 'iso_colon'] },
    introspection_realm_name: { type: 'string', minLength: 1, maxLength: 256 },
    upstream: upstreamConfigSchema,
  },
};

/** The section with its defaults applied. */
export interface CasSettings {
  profile: CasProfile;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  codeTtl: number;
  profileViewType: ProfileViewType;
  ticketSuffix?: string;
  rejectClientSecretInQuery: boolean;
  realmName: string;
}

export function casSettings(section: DialectSection): CasSettings {
  const base = PROFILES[(section.profile as CasProfile['name'] | undefined) ?? DEFAULT_PROFILE];
  const timestamp = section.error_timestamp as TimestampStyle | undefined;
  const profile = timestamp ? { ...base, springError: { ...base.springError, timestamp } } : base;
  return {
    profile,
    // CAS defaults: access token max TTL PT28800S, refresh token P14D, code 30 s.
    accessTokenTtl: (section.access_token_ttl as number | undefined) ?? 28800,
    refreshTokenTtl: (section.refresh_token_ttl as number | undefined) ?? 1209600,
    codeTtl: (section.code_ttl as number | undefined) ?? 30,
    profileViewType: (section.user_profile_view_type as ProfileViewType | undefined) ?? 'nested',
    ticketSuffix: section.ticket_suffix as string | undefined,
    rejectClientSecretInQuery: (section.reject_client_secret_in_query as boolean | undefined) ?? false,
    realmName: (section.introspection_realm_name as string | undefined) ?? 'AcceptUsersAuthenticationHandler',
  };
}

/** A client's `settings.cas`, with defaults. */
export interface CasClientSettings {
  jsonFormat: boolean;
  generateRefreshToken: boolean;
  renewRefreshToken: boolean;
  profileViewType: ProfileViewType;
}

interface RawClientSettings {
  json_format?: boolean;
  generate_refresh_token?: boolean;
  renew_refresh_token?: boolean;
  user_profile_view_type?: ProfileViewType;
}

/** What the dialect knows per client, computed once at mount. */
export interface ClientPlan {
  settings: CasClientSettings;
  policy: TokenPolicy;
}

function policyFor(settings: CasSettings, client: CasClientSettings): TokenPolicy {
  const ticket = { type: 'cas-ticket' as const, ...(settings.ticketSuffix ? { suffix: settings.ticketSuffix } : {}) };
  const rotate = settings.profile.token.renewRefreshToken && client.generateRefreshToken && client.renewRefreshToken;
  return policyWith({
    accessTokenTtl: settings.accessTokenTtl,
    refreshTokenTtl: settings.refreshTokenTtl,
    codeTtl: settings.codeTtl,
    formats: { access_token: ticket, refresh_token: ticket, authorization_code: ticket },
    // A refresh never yields a new refresh token unless the client renews (6.1+): the old one stays.
    refreshRotation: rotate ? 'rotate' : 'reuse',
    // client_credentials inherits the password extractor in CAS, refresh token included.
    refreshTokenGrants: client.generateRefreshToken ? ['password', 'authorization_code', 'client_credentials'] : [],
    reuseLiveAccessToken: false,
    userIdentifiers: ['username'],
  });
}

/** The policy of the authorize step: only the code's format and TTL matter there; the exchange uses the client's own. */
export function authorizePolicy(settings: CasSettings): TokenPolicy {
  return policyFor(settings, { jsonFormat: true, generateRefreshToken: false, renewRefreshToken: false, profileViewType: settings.profileViewType });
}

/**
 * Validates every client's `settings.cas` against `schemas/cas/client-settings.json` and builds
 * its token policy. A bad value stops start-up, naming its path.
 */
export function planClients(clients: Client[], settings: CasSettings): { plans: Map<string, ClientPlan>; warnings: string[] } {
  const validate = compileSchema('cas', 'client-settings');
  const problems: string[] = [];
  const warnings: string[] = [];
  const plans = new Map<string, ClientPlan>();
  clients.forEach((client, index) => {
    const raw = client.settings.cas ?? {};
    const path = `/clients/${index}/settings/cas`;
    if (!validate(raw)) {
      for (const error of validate.errors ?? []) {
        const where = `${path}${error.instancePath}`;
        problems.push(
          error.keyword === 'additionalProperties'
            ? `${where}: unknown key "${(error.params as { additionalProperty: string }).additionalProperty}"`
            : `${where}: ${error.message ?? 'is invalid'}`,
        );
      }
      return;
    }
    const given = raw as RawClientSettings;
    const own: CasClientSettings = {
      jsonFormat: given.json_format ?? true,
      generateRefreshToken: given.generate_refresh_token ?? false,
      renewRefreshToken: given.renew_refresh_token ?? false,
      profileViewType: given.user_profile_view_type ?? settings.profileViewType,
    };
    if (!own.jsonFormat && !settings.profile.token.textFormat) {
      warnings.push(`${path}/json_format: false is ignored by profile ${settings.profile.name}, which answers JSON only`);
    }
    if (own.renewRefreshToken && !settings.profile.token.renewRefreshToken) {
      warnings.push(`${path}/renew_refresh_token: ignored by profile ${settings.profile.name}, which never renews refresh tokens`);
    }
    plans.set(client.clientId, { settings: own, policy: policyFor(settings, own) });
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { plans, warnings };
}
