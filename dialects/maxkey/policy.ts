import { type TokenEngine, policyWith, type TokenPolicy } from '../../src/core';
import type { MaxkeySettings } from './config';

export interface MaxkeyPolicies {
  /** For apps whose grant types include `refresh_token` (`DefaultTokenServices.isSupportRefreshToken`). */
  withRefresh: TokenPolicy;
  withoutRefresh: TokenPolicy;
}

/** UUID tokens and codes (`UUID.randomUUID()`), the live token handed back again, refresh tokens reused. */
export function maxkeyPolicies(settings: MaxkeySettings, engine: TokenEngine): MaxkeyPolicies {
  const withRefresh = engine.usePolicy(
    policyWith({
      accessTokenTtl: settings.accessTokenValidity,
      refreshTokenTtl: settings.refreshTokenValidity,
      codeTtl: settings.codeValidity,
      formats: { access_token: { type: 'uuid' }, refresh_token: { type: 'uuid' }, authorization_code: { type: 'uuid' } },
      refreshRotation: 'reuse',
      refreshTokenGrants: ['password', 'authorization_code', 'refresh_token'],
      reuseLiveAccessToken: true,
      userIdentifiers: ['username'],
    }),
  );
  return { withRefresh, withoutRefresh: { ...withRefresh, refreshTokenGrants: [] } };
}
