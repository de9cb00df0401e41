import type { Request, Router } from 'express';
import type { CoreError } from '../../src/core';
import { endpointByPath, type DialectSection, type Dialect, type DialectContext, type RouteSpec } from '../kit';
import { casConfigSchema, casSettings, planClients } from './config';
import { CAS_FAULTS, commonSituation, renderSituation, type Endpoint } from './errors';
import { authorizeEndpoint } from './endpoints/authorize';
import { introspectionEndpoint } from './endpoints/introspect';
import { profileEndpoint } from './endpoints/profile';
import { revocationEndpoint } from './endpoints/revoke';
import { tokenEndpoint } from './endpoints/token';
import { casContract } from './contract';
import { CAS_TICKET_FORMAT } from './support/ticket-format';
import { casUpstreamFallback } from './support/upstream';

const TOKEN_PATHS = ['/oauth2.0/accessToken', '/oauth2.0/token'];
const PROFILE_PATH = '/oauth2.0/profile';
const INTROSPECT_PATH = '/oauth2.0/introspect';
const REVOKE_PATH = '/oauth2.0/revoke';
const AUTHORIZE_PATH = '/oauth2.0/authorize';

function casRoutes(section: DialectSection): RouteSpec[] {
  const { profile } = casSettings(section);
  const routes: RouteSpec[] = [{ method: 'GET', path: AUTHORIZE_PATH }];
  for (const path of TOKEN_PATHS) routes.push({ method: 'GET', path }, { method: 'POST', path });
  for (const method of profile.profileMethods) routes.push({ method, path: PROFILE_PATH });
  if (profile.introspection) routes.push({ method: 'GET', path: INTROSPECT_PATH }, { method: 'POST', path: INTROSPECT_PATH });
  if (profile.revocation) routes.push({ method: 'POST', path: REVOKE_PATH });
  return routes;
}

/** Which endpoint a request was for (the router is mounted at the base path). */
const endpointOf = endpointByPath<Endpoint>(
  [
    [PROFILE_PATH, 'profile'],
    [INTROSPECT_PATH, 'introspect'],
    [REVOKE_PATH, 'revoke'],
  ],
  'token',
);

/** Apereo CAS's OAuth 2.0 protocol (`/oauth2.0/*`), as CAS 5.2/5.3, 6.x or 7.x answers it. */
export const casDialect: Dialect = {
  contract: casContract,
  name: 'cas',
  title: 'Apereo CAS OAuth 2.0',
  defaultBasePath: '',
  // CAS reads parameters from the query string and form bodies only; a JSON body is ignored.
  bodies: ['form'],
  configSchema: casConfigSchema,
  routes: casRoutes,
  faults: CAS_FAULTS,
  mount(router: Router, context: DialectContext) {
    context.engine.registerFormat(CAS_TICKET_FORMAT);
    const fallback = casUpstreamFallback(context);
    if (fallback) context.engine.registerTokenFallback(fallback);
    const settings = casSettings(context.section);
    const { plans, warnings } = planClients(context.engine.directory.allClients(), settings);
    for (const warning of warnings) context.logger.warn(warning);
    router.get(AUTHORIZE_PATH, authorizeEndpoint(context, settings));
    const token = tokenEndpoint(context, settings, plans);
    for (const path of TOKEN_PATHS) router.get(path, token).post(path, token);
    const profile = profileEndpoint(context, settings, plans);
    for (const method of settings.profile.profileMethods) router[method === 'GET' ? 'get' : 'post'](PROFILE_PATH, profile);
    if (settings.profile.introspection) {
      const introspect = introspectionEndpoint(context, settings);
      router.get(INTROSPECT_PATH, introspect).post(INTROSPECT_PATH, introspect);
    }
    if (settings.profile.revocation) router.post(REVOKE_PATH, revocationEndpoint(context, settings));
  },
  renderError(error: CoreError, req: Request, context: DialectContext) {
    const endpoint = endpointOf(req);
    const { profile } = casSettings(context.section);
    return renderSituation(profile, endpoint, commonSituation(error, endpoint), req, context.engine.nowMs(), error.retryAfter);
  },
};
