import type { Request, RequestHandler, Router } from 'express';
import type { CoreError } from '../../src/core';
import type { Dialect, DialectContext, RouteSpec } from '../kit';
import { STANDARD_PATHS, standardConfigSchema } from './config';
import { standardContract } from './contract';
import { renderStandardError, STANDARD_FAULTS } from './errors';
import { usesBasicAuth } from './parse';
import { authorizationEndpoint } from './endpoints/authorize';
import { tokenEndpoint } from './endpoints/token';
import { introspectionEndpoint } from './endpoints/introspect';
import { revocationEndpoint } from './endpoints/revoke';
import { userInfoEndpoint } from './endpoints/userinfo';
import { jwksEndpoint } from './endpoints/jwks';
import { discoveryEndpoint } from './endpoints/discovery';

/** Every endpoint: its method, path and handler, once (the routes list and the mounting both read it). */
const ENDPOINTS = [
  ['GET', STANDARD_PATHS.authorize, authorizationEndpoint],
  ['POST', STANDARD_PATHS.token, tokenEndpoint],
  ['POST', STANDARD_PATHS.introspect, introspectionEndpoint],
  ['POST', STANDARD_PATHS.revoke, revocationEndpoint],
  ['GET', STANDARD_PATHS.userinfo, userInfoEndpoint],
  ['GET', STANDARD_PATHS.jwks, jwksEndpoint],
  ['GET', STANDARD_PATHS.discovery, discoveryEndpoint],
] as const satisfies ReadonlyArray<readonly [RouteSpec['method'], string, (context: DialectContext) => RequestHandler]>;

/**
 * Plain RFC 6749 / 7662 / 7009 endpoints over the shared engine, and an OpenID Connect provider
 * on them: the reference the vendor dialects are measured against, and a door for clients that
 * speak standard OAuth or OIDC.
 */
export const standardDialect: Dialect = {
  contract: standardContract,
  name: 'standard',
  title: 'Standard OAuth 2.0 and OpenID Connect (RFC 6749, 7636, 7662, 7009; OIDC Core, Discovery)',
  defaultBasePath: '/std',
  configSchema: standardConfigSchema,
  routes: () => ENDPOINTS.map(([method, path]) => ({ method, path })),
  faults: STANDARD_FAULTS,
  mount(router: Router, context: DialectContext) {
    for (const [method, path, endpoint] of ENDPOINTS) router[method === 'GET' ? 'get' : 'post'](path, endpoint(context));
  },
  renderError(error: CoreError, request: Request) {
    return renderStandardError(error, usesBasicAuth(request));
  },
};
