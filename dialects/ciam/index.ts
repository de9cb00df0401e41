import type { Request, Router } from 'express';
import type { CoreError } from '../../src/core';
import { endpointByPath, type Dialect, type DialectContext, type RouteSpec } from '../kit';
import { CIAM_PATHS, ciamConfigSchema, ciamProfile, ciamSettings } from './config';
import { ciamContract } from './contract';
import { authorizeEndpoint } from './endpoints/authorize';
import { discoveryEndpoint } from './endpoints/discovery';
import { jwksEndpoint } from './endpoints/jwks';
import { logoutEndpoint } from './endpoints/logout';
import { revokeEndpoint } from './endpoints/revoke';
import { tokenEndpoint } from './endpoints/token';
import { userInfoEndpoint } from './endpoints/userinfo';
import { CIAM_FAULTS, renderCiamError, type CiamEndpoint } from './errors';
import { ciamUpstreamFallback } from './support/upstream';

const ROUTES: Array<RouteSpec & { endpoint: CiamEndpoint }> = [
  { method: 'GET', path: CIAM_PATHS.authorize, endpoint: 'authorize' },
  { method: 'POST', path: CIAM_PATHS.token, endpoint: 'token' },
  { method: 'POST', path: CIAM_PATHS.revoke, endpoint: 'revoke' },
  { method: 'GET', path: CIAM_PATHS.jwks, endpoint: 'metadata' },
  { method: 'GET', path: CIAM_PATHS.discovery, endpoint: 'metadata' },
  { method: 'GET', path: CIAM_PATHS.userinfo, endpoint: 'userinfo' },
  { method: 'GET', path: CIAM_PATHS.logout, endpoint: 'logout' },
];

/** The endpoint a failed request was for (the error boundary runs inside the dialect's router). */
const endpointOf = endpointByPath(ROUTES.map((route) => [route.path, route.endpoint] as const), 'token');

/**
 * Tencent Cloud CIAM: Spring Authorization Server 0.2 endpoints at the root, plus CIAM's
 * password grant with auth sources, `/userinfo` and `/logout`.
 */
export const ciamDialect: Dialect = {
  contract: ciamContract,
  name: 'ciam',
  title: 'Tencent Cloud CIAM (OIDC on Spring Authorization Server 0.2)',
  defaultBasePath: '',
  configSchema: ciamConfigSchema,
  faults: CIAM_FAULTS,
  routes: () => ROUTES.map(({ method, path }) => ({ method, path })),
  mount(router: Router, context: DialectContext) {
    const settings = ciamSettings(context.section, context.engine.issuer, context.basePath);
    for (const source of settings.authSources) {
      const unknown = source.clients.filter((id) => !context.engine.directory.client(id));
      if (unknown.length > 0) context.logger.warn({ authSource: source.id, clients: unknown }, 'auth source names clients that are not configured');
    }
    router.get(CIAM_PATHS.authorize, authorizeEndpoint(context, settings));
    router.post(CIAM_PATHS.token, tokenEndpoint(context, settings));
    router.post(CIAM_PATHS.revoke, revokeEndpoint(context));
    router.get(CIAM_PATHS.jwks, jwksEndpoint(context, settings));
    router.get(CIAM_PATHS.discovery, discoveryEndpoint(settings));
    router.get(CIAM_PATHS.userinfo, userInfoEndpoint(context, settings));
    router.get(CIAM_PATHS.logout, logoutEndpoint(context));
    const fallback = ciamUpstreamFallback(context);
    if (fallback) context.engine.registerTokenFallback(fallback);
  },
  renderError(error: CoreError, request: Request, context: DialectContext) {
    return renderCiamError(error, endpointOf(request), ciamProfile(context.section).errorUris);
  },
};
