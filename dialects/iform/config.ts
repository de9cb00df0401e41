import { settingsPerContext, upstreamConfigSchema, type DialectSection } from '../kit';
import { policyWith, type TokenPolicy } from '../../src/core';
import { FAILURES, type Failure, type StateEntry } from './errors';
import { type ClientCredentialsUid, DEFAULT_PROFILE, PROFILES, type PublisherApplicant, type SwitchUid } from './profiles';

const seconds = { type: 'integer', minimum: 1, maximum: 31536000 };

export const iformConfigSchema = {
  properties: {
    profile: { enum: Object.keys(PROFILES) },
    access_token_ttl: seconds,
    refresh_token_ttl: seconds,
    refresh_rotation: { enum: ['rotate', 'reuse'] },
    authorize_code_ttl: seconds,
    login_state_ttl: seconds,
    login_state_single_use: { type: 'boolean' },
    user_code_ttl: seconds,
    client_credentials_refresh_token: { type: 'boolean' },
    refresh_without_client_auth: { type: 'boolean' },
    default_client_id: { type: 'string', minLength: 1 },
    publisher_applicant: { enum: ['null', 'identity'] },
    switch_uid: { enum: ['null', 'target'] },
    client_credentials_uid: { enum: ['null', 'client_id'] },
    switch_exit_checks_username: { type: 'boolean' },
    time_zone: { type: 'string', minLength: 1 },
    query_default_limit: { type: 'integer', minimum: 1, maximum: 10000 },
    query_max_limit: { type: 'integer', minimum: 1, maximum: 10000 },
    query_scan_limit: { type: 'integer', minimum: 1, maximum: 1000000 },
    query_scope: { enum: ['iform', 'all'] },
    upstream: upstreamConfigSchema,
    states: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        FAILURES.map((failure) => [
          failure,
          {
            type: 'object',
            additionalProperties: false,
            properties: { state: { type: 'integer' }, message: { type: 'string' } },
          },
        ]),
      ),
    },
  },
};

/** Everything the endpoints need, resolved once at mount from the profile and the section. */
export interface IformSettings {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  refreshRotation: 'rotate' | 'reuse';
  authorizeCodeTtl: number;
  loginStateTtl: number;
  loginStateSingleUse: boolean;
  userCodeTtl: number;
  clientCredentialsRefreshToken: boolean;
  refreshWithoutClientAuth: boolean;
  defaultClientId?: string;
  publisherApplicant: PublisherApplicant;
  switchUid: SwitchUid;
  clientCredentialsUid: ClientCredentialsUid;
  switchExitChecksUsername: boolean;
  timeZone: string;
  queryDefaultLimit: number;
  queryMaxLimit: number;
  queryScanLimit: number;
  /** Whose grants `query` lists and `remove` reaches: those minted through iform, or every dialect's. */
  queryScope: 'iform' | 'all';
  failures: Record<Failure, StateEntry>;
}

/** The settings of a mounted context, read once (error rendering needs the state table). */
export const iformSettingsOf = settingsPerContext((section) => iformSettings(section));

export function iformSettings(section: DialectSection): IformSettings {
  const profile = PROFILES[section.profile ?? DEFAULT_PROFILE];
  const overrides = (section.states ?? {}) as Partial<Record<Failure, Partial<StateEntry>>>;
  const failures = Object.fromEntries(
    FAILURES.map((failure) => [failure, { ...profile.failures[failure], ...overrides[failure] }]),
  ) as Record<Failure, StateEntry>;
  const timeZone = (section.time_zone as string | undefined) ?? 'Asia/Shanghai';
  // Fails at start-up, not on the first listing, when the zone is unknown.
  new Intl.DateTimeFormat('en', { timeZone });
  const settings: IformSettings = {
    accessTokenTtl: (section.access_token_ttl as number | undefined) ?? profile.accessTokenTtl,
    refreshTokenTtl: (section.refresh_token_ttl as number | undefined) ?? profile.refreshTokenTtl,
    refreshRotation: (section.refresh_rotation as 'rotate' | 'reuse' | undefined) ?? 'rotate',
    authorizeCodeTtl: (section.authorize_code_ttl as number | undefined) ?? 300,
    loginStateTtl: (section.login_state_ttl as number | undefined) ?? 300,
    loginStateSingleUse: (section.login_state_single_use as boolean | undefined) ?? true,
    userCodeTtl: (section.user_code_ttl as number | undefined) ?? 300,
    clientCredentialsRefreshToken: (section.client_credentials_refresh_token as boolean | undefined) ?? true,
    refreshWithoutClientAuth: (section.refresh_without_client_auth as boolean | undefined) ?? true,
    defaultClientId: section.default_client_id as string | undefined,
    publisherApplicant: (section.publisher_applicant as PublisherApplicant | undefined) ?? profile.publisherApplicant,
    switchUid: (section.switch_uid as SwitchUid | undefined) ?? profile.switchUid,
    clientCredentialsUid: (section.client_credentials_uid as ClientCredentialsUid | undefined) ?? profile.clientCredentialsUid,
    switchExitChecksUsername: (section.switch_exit_checks_username as boolean | undefined) ?? false,
    timeZone,
    queryDefaultLimit: (section.query_default_limit as number | undefined) ?? 20,
    queryMaxLimit: (section.query_max_limit as number | undefined) ?? 1000,
    queryScanLimit: (section.query_scan_limit as number | undefined) ?? 10000,
    queryScope: (section.query_scope as 'iform' | 'all' | undefined) ?? 'iform',
    failures,
  };
  if (settings.queryDefaultLimit > settings.queryMaxLimit) {
    throw new Error(`dialects.iform: query_default_limit (${settings.queryDefaultLimit}) exceeds query_max_limit (${settings.queryMaxLimit})`);
  }
  return settings;
}

export function iformPolicy(settings: IformSettings): TokenPolicy {
  const uuidV1Hex = { type: 'uuid-v1-hex' } as const;
  return policyWith({
    accessTokenTtl: settings.accessTokenTtl,
    refreshTokenTtl: settings.refreshTokenTtl,
    codeTtl: settings.authorizeCodeTtl,
    refreshRotation: settings.refreshRotation,
    refreshTokenGrants: ['password', 'authorization_code', 'refresh_token', ...(settings.clientCredentialsRefreshToken ? ['client_credentials'] : [])],
    userIdentifiers: ['username'],
    // `query` lists tokens and `switch` hands back the admin's refresh token: the values are kept, sealed.
    keepTokenValues: true,
    formats: { access_token: uuidV1Hex, refresh_token: uuidV1Hex, authorization_code: uuidV1Hex },
  });
}
