import type { Request, Router } from 'express';
import type { CoreError } from '../../src/core';
import { endpointByPath, type Dialect, type DialectContext, type RouteSpec } from '../kit';
import { MAXKEY_PATHS as P, maxkeyConfigSchema, maxkeyPolicies, maxkeySettings } from './config';
import { maxkeyContract } from './contract';
import { authorizeEndpoint } from './endpoints/authorize';
import { checkTokenEndpoint } from './endpoints/check-token';
import { discoveryEndpoint } from './endpoints/discovery';
import { introspectEndpoint } from './endpoints/introspect';
import { jwksEndpoint } from './endpoints/jwks';
import { meEndpoint } from './endpoints/me';
import { tokenEndpoint } from './endpoints/token';
import { oidcUserInfoEndpoint } from './endpoints/userinfo';
import { MAXKEY_FAULTS, renderMaxkeyError, type MaxkeyEndpoint } from './errors';
import { maxkeyUpstreamFallback } from './support/upstream';

type Method = RouteSpec['method'];
const BOTH: Method[] = ['GET', 'POST'];

const ROUTES: Array<{ path: string; methods: Method[]; endpoint: MaxkeyEndpoint }> = [
  { path: P.token, methods: BOTH, endpoint: 'token' },
  { path: P.tokenAlias, methods: BOTH, endpoint: 'token' },
  { path: P.authorize, methods: ['GET'], endpoint: 'other' },
  { path: P.authorizeAlias, methods: ['GET'], endpoint: 'other' },
  { path: P.checkToken, methods: ['POST'], endpoint: 'check_token' },
  { path: P.introspect, methods: BOTH, endpoint: 'introspect' },
  { path: P.jwks, methods: BOTH, endpoint: 'other' },
  { path: P.discovery, methods: BOTH, endpoint: 'other' },
  { path: P.rootDiscovery, methods: BOTH, endpoint: 'other' },
  { path: P.me, methods: BOTH, endpoint: 'me' },
  { path: P.userinfo, methods: BOTH, endpoint: 'me' },
];

/** The endpoint a failed request was for (the error boundary runs inside the dialect's router). */
const endpointOf = endpointByPath<MaxkeyEndpoint>(ROUTES.map((route) => [route.path, route.endpoint] as const), 'other');

/**
 * MaxKey (dromara/MaxKey ≤ 4.1.12) OAuth 2.0 / OIDC under `/sign`: a spring-security-oauth fork
 * that answers HTTP 200 to nearly everything, with UUID tokens.
 */
export const maxkeyDialect: Dialect = {
  contract: maxkeyContract,
  name: 'maxkey',
  title: 'MaxKey OAuth 2.0 / OIDC (/sign/authz/oauth/v20)',
  defaultBasePath: '/sign',
  bodies: ['form'],
  configSchema: maxkeyConfigSchema,
  faults: MAXKEY_FAULTS,
  routes: () => ROUTES.flatMap(({ path, methods }) => methods.map((method) => ({ method, path }))),
  mount(router: Router, context: DialectContext) {
    const settings = maxkeySettings(context.section, context.engine.issuer, context.basePath);
    const policies = maxkeyPolicies(settings, context.engine);
    const token = tokenEndpoint(context, settings, policies);
    const authorize = authorizeEndpoint(context, policies.withRefresh);
    for (const path of [P.token, P.tokenAlias]) {
      router.get(path, token);
      router.post(path, token);
    }
    router.get(P.authorize, authorize);
    router.get(P.authorizeAlias, authorize);
    // Any method: a GET is answered by MaxKey's GlobalExceptionHandler envelope, not a bare 405.
    router.all(P.checkToken, checkTokenEndpoint(context));
    const routesOf = (path: string, handler: ReturnType<typeof jwksEndpoint>) => {
      router.get(path, handler);
      router.post(path, handler);
    };
    routesOf(P.introspect, introspectEndpoint(context));
    routesOf(P.jwks, jwksEndpoint(context));
    const discovery = discoveryEndpoint(settings);
    routesOf(P.discovery, discovery);
    routesOf(P.rootDiscovery, discovery);
    routesOf(P.me, meEndpoint(context, settings));
    routesOf(P.userinfo, oidcUserInfoEndpoint(context, settings));
    const fallback = maxkeyUpstreamFallback(context);
    if (fallback) context.engine.registerTokenFallback(fallback);
  },
  renderError(error: CoreError, request: Request) {
    return renderMaxkeyError(error, endpointOf(request));
  },
};
