import type { Request, Router } from 'express';
import type { CoreError } from '../../src/core';
import type { Dialect, DialectContext, RouteSpec } from '../kit';
import { iformConfigSchema, iformSettingsOf } from './config';
import { iformContract } from './contract';
import { applyEndpoint } from './endpoints/apply';
import { authorizeApplyEndpoint } from './endpoints/authorize';
import { loginApplyEndpoint } from './endpoints/login';
import { queryEndpoint } from './endpoints/query';
import { removeEndpoint } from './endpoints/remove';
import { switchEndpoint } from './endpoints/switch';
import { switchExitEndpoint } from './endpoints/switch-exit';
import { verifyEndpoint } from './endpoints/verify';
import { IFORM_FAULTS, renderIformError } from './errors';
import { iformContext } from './support/context';
import { iformUpstreamFallback } from './support/upstream';

const V3 = '/oauth2/v3';

const ROUTES: RouteSpec[] = [
  { method: 'POST', path: `${V3}/authentication/apply` },
  { method: 'POST', path: `${V3}/authentication/verify` },
  { method: 'GET', path: `${V3}/authentication/verify` },
  { method: 'POST', path: `${V3}/authentication/query` },
  { method: 'POST', path: `${V3}/authentication/remove` },
  { method: 'POST', path: `${V3}/authentication/switch` },
  { method: 'POST', path: `${V3}/authentication/switch/exit` },
  { method: 'POST', path: `${V3}/user/login/apply` },
  { method: 'POST', path: `${V3}/authorize/apply` },
];

/** IBPS ("iform") OAuth2 v3: JSON APIs whose every answer is an `APIResult` envelope. */
export const iformDialect: Dialect = {
  contract: iformContract,
  name: 'iform',
  title: 'IBPS iform OAuth2 v3',
  defaultBasePath: '/iform',
  configSchema: iformConfigSchema,
  routes: () => ROUTES,
  faults: IFORM_FAULTS,
  mount(router: Router, context: DialectContext) {
    const ctx = iformContext(context);
    const fallback = iformUpstreamFallback(context);
    if (fallback) context.engine.registerTokenFallback(fallback);
    router.post(`${V3}/authentication/apply`, applyEndpoint(ctx));
    router.post(`${V3}/authentication/verify`, verifyEndpoint(ctx));
    router.get(`${V3}/authentication/verify`, verifyEndpoint(ctx));
    router.post(`${V3}/authentication/query`, queryEndpoint(ctx));
    router.post(`${V3}/authentication/remove`, removeEndpoint(ctx));
    router.post(`${V3}/authentication/switch`, switchEndpoint(ctx));
    router.post(`${V3}/authentication/switch/exit`, switchExitEndpoint(ctx));
    router.post(`${V3}/user/login/apply`, loginApplyEndpoint(ctx));
    router.post(`${V3}/authorize/apply`, authorizeApplyEndpoint(ctx));
  },
  renderError(error: CoreError, _request: Request, context: DialectContext) {
    return renderIformError(error, iformSettingsOf(context));
  },
};
