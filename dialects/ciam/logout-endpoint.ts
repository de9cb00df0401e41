import type { RequestHandler } from 'express';
import { type DialectContext, readParams, stringParam, requestValidator, send } from '../kit';
import { ciamClientSettings } from './config';
import { logoutRefused, MESSAGES } from './errors';

/** `uri` with `state` added to its query. */
export function withState(uri: string, state: string | undefined): string {
  if (state === undefined) return uri;
  const url = new URL(uri);
  url.searchParams.append('state', state);
  return url.toString();
}

/**
 * CIAM portal logout (not OIDC RP-initiated logout): back to one of the application's logout
 * redirect URIs (its `settings.ciam.logout_redirect_uris`, else its `redirect_uris`); the URI
 * may be left out when the application has exactly one.
 */
export function logoutEndpoint(context: DialectContext): RequestHandler {
  const { engine } = context;
  const validate = requestValidator('ciam', 'logout');
  return async (req, res) => {
    const params = readParams(req, { query: true, repeated: 'error' });
    const clientId = stringParam(params, 'client_id');
    if (!clientId) throw logoutRefused(MESSAGES.logoutClientMissing);
    validate(params);
    const client = engine.directory.client(clientId);
    if (!client) throw logoutRefused(MESSAGES.logoutClientUnknown);
    const allowed = ciamClientSettings(client.settings).logoutRedirectUris ?? client.redirectUris;
    const target = stringParam(params, 'logout_redirect_uri') ?? (allowed.length === 1 ? allowed[0] : undefined);
    if (target === undefined) throw logoutRefused(MESSAGES.logoutRedirectMissing);
    if (!allowed.includes(target)) throw logoutRefused(MESSAGES.logoutRedirectInvalid);
    // Ends the portal session (the gateway's shared sign-in), not the application's own.
    const browser = context.signIn.browser(req, res);
    await context.signIn.sessions.delete(browser.sessionId);
    if (browser.sessionId) browser.clearSessionCookie();
    send(res, { status: 302, headers: { Location: withState(target, stringParam(params, 'state')), 'Cache-Control': 'no-store' } });
  };
}
