import type { Request, RequestHandler, Router } from 'express';
import type { CoreError } from '../../src/core';
import type { Dialect, DialectContext, RouteSpec } from '../kit';
import { standardConfigSchema } from './config';
import { standardContract } from './contract';
import { renderStandardError, STANDARD_FAULTS } from './errors';
import { usesBasicAuth } from './parse';
import { authorizationEndpoint } from './endpoints/authorize';
import { tokenEndpoint } from './endpoints/token';
import { introspectionEndpoint } from './endpoints/introspect';
import { revocationEndpoint } from './endpoints/revoke';
import { userInfoEndpoint } from './endpoints/userinfo';
import { jwksEndpoint } from './endpoints/jwks';

/** Every endpoint: its method, path and handler, once (the routes list and the mounting both read it). */
const ENDPOINTS = [
  ['GET', '/authorize', authorizationEndpoint],
  ['POST', '/token', tokenEndpoint],
  ['POST', '/introspect', introspectionEndpoint],
  ['POST', '/revoke', revocationEndpoint],
  ['GET', '/userinfo', userInfoEndpoint],
  ['GET', '/jwks', jwksEndpoint],
] as const satisfies ReadonlyArray<readonly [RouteSpec['method'], string, (context: DialectContext) => RequestHandler]>;

/**
 * Plain RFC 6749 / 7662 / 7009 endpoints over the shared engine: the reference the vendor
 * dialects are measured against, and a door for clients that speak standard OAuth.
 */
export const standardDialect: Dialect = {
  contract: standardContract,
  name: 'standard',
  title: 'Standard OAuth 2.0 (RFC 6749, 7636, 7662, 7009)',
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
