import type { Request, Router } from 'express';
import type { CoreError } from '../../src/core';
import type { Dialect, DialectContext, RouteSpec, DialectSection } from '../kit';
import { springConfigSchema, springSettings, type SpringSettings } from './config';
import { renderSpringError } from './errors';
import { springPolicies } from './policy';
import { tokenEndpoint } from './token-endpoint';
import { checkTokenEndpoint } from './check-token';
import { tokenKeyEndpoint } from './token-key';
import { authorizeEndpoint } from './authorize-endpoint';
import { springContract } from './contract';

const mountedSettings = new WeakMap<DialectContext, SpringSettings>();

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
    const settings = springSettings(context.section);
    mountedSettings.set(context, settings);
    if (settings.jwt?.alg === 'HS256' && Buffer.byteLength(settings.jwt.signingKey ?? '') < 32) {
      context.logger.warn('dialects.spring.jwt.signing_key is shorter than 32 bytes: HS256 tokens signed with it can be brute-forced');
    }
    const kid = settings.jwt?.kid;
    if (settings.jwt?.alg === 'RS256' && kid !== undefined && !context.engine.keys.jwks().keys.some((key) => key.kid === kid)) {
      throw new Error(`dialects.spring.jwt.kid: no key "${kid}" in keys.rsa`);
    }
    const policies = springPolicies(settings, context.engine);
    router.all('/oauth/token', tokenEndpoint(context, settings, policies));
    router.all('/oauth/check_token', checkTokenEndpoint(context, settings));
    router.get('/oauth/authorize', authorizeEndpoint(context, policies.withRefresh));
    if (settings.jwt) router.all('/oauth/token_key', tokenKeyEndpoint(context, settings));
  },
  renderError(error: CoreError, request: Request, context: DialectContext) {
    const settings = mountedSettings.get(context) ?? springSettings(context.section);
    return renderSpringError(error, request, settings.bootErrorFormat);
  },
};
