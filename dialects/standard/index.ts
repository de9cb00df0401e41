import type { Request, Router } from 'express';
import type { CoreError } from '../../src/core';
import type { Dialect, DialectContext } from '../kit';
import { standardConfigSchema } from './config';
import { standardContract } from './contract';
import { renderStandardError } from './errors';
import { usesBasicAuth } from './parse';
import { authorizationEndpoint } from './endpoints/authorize';
import { tokenEndpoint } from './endpoints/token';
import { introspectionEndpoint } from './endpoints/introspect';
import { revocationEndpoint } from './endpoints/revoke';
import { userInfoEndpoint } from './endpoints/userinfo';
import { jwksEndpoint } from './endpoints/jwks';

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
  routes: () => [
    { method: 'GET', path: '/authorize' },
    { method: 'POST', path: '/token' },
    { method: 'POST', path: '/introspect' },
    { method: 'POST', path: '/revoke' },
    { method: 'GET', path: '/userinfo' },
    { method: 'GET', path: '/jwks' },
  ],
  mount(router: Router, context: DialectContext) {
    router.get('/authorize', authorizationEndpoint(context));
    router.post('/token', tokenEndpoint(context));
    router.post('/introspect', introspectionEndpoint(context));
    router.post('/revoke', revocationEndpoint(context));
    router.get('/userinfo', userInfoEndpoint(context));
    router.get('/jwks', jwksEndpoint(context));
  },
  renderError(error: CoreError, request: Request) {
    return renderStandardError(error, usesBasicAuth(request));
  },
};
