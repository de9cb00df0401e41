import type { Request, Router } from 'express';
import type { CoreError } from '../../src/core';
import type { Dialect, DialectContext, RouteSpec, DialectSection } from '../kit';
import { checkJwtKeys, springConfigSchema, springPolicies, springSettings, springSettingsOf } from './config';
import { renderSpringError, SPRING_FAULTS } from './errors';
import { tokenEndpoint } from './endpoints/token';
import { checkTokenEndpoint } from './endpoints/check-token';
import { tokenKeyEndpoint } from './endpoints/token-key';
import { authorizeEndpoint } from './endpoints/authorize';
import { springContract } from './contract';
import { springUpstreamFallback } from './support/upstream';

/**
 * Legacy Spring Security OAuth2 (`@EnableAuthorizationServer`, 2.3 / 2.4): `/oauth/token`,
 * `/oauth/check_token` and, with JWT tokens, `/oauth/token_key`. Every route takes any method:
 * Spring authenticates the client before it looks at the method.
 */
export const springDialect: Dialect = {
  contract: springContract,
  name: 'spring',
  title: 'Spring Security OAuth2 (legacy /oauth/token)',
  defaultBasePath: '',
  configSchema: springConfigSchema,
  faults: SPRING_FAULTS,
  routes(section: DialectSection): RouteSpec[] {
    const settings = springSettings(section);
    return [
      ...settings.tokenEndpointMethods.map((method) => ({ method: method as 'GET' | 'POST', path: '/oauth/token' })),
      { method: 'POST', path: '/oauth/check_token' },
      { method: 'GET', path: '/oauth/authorize' },
      ...(settings.jwt ? [{ method: 'GET' as const, path: '/oauth/token_key' }] : []),
    ];
  },
  mount(router: Router, context: DialectContext) {
    const settings = springSettingsOf(context);
    checkJwtKeys(settings, context);
    const policies = springPolicies(settings, context.engine);
    const fallback = springUpstreamFallback(context);
    if (fallback) context.engine.registerTokenFallback(fallback);
    router.all('/oauth/token', tokenEndpoint(context, settings, policies));
    router.all('/oauth/check_token', checkTokenEndpoint(context, settings));
    router.get('/oauth/authorize', authorizeEndpoint(context, policies.withRefresh));
    if (settings.jwt) router.all('/oauth/token_key', tokenKeyEndpoint(context, settings));
  },
  renderError(error: CoreError, request: Request, context: DialectContext) {
    return renderSpringError(error, request, springSettingsOf(context).bootError, context.engine.nowMs());
  },
};
