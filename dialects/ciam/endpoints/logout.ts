import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import { logoutRequestParser } from '../parse';
import { logoutLocation } from '../render';

/** GET /logout: ends the portal session (the gateway's shared sign-in), not the application's own. */
export function logoutEndpoint(context: DialectContext): RequestHandler {
  const parse = logoutRequestParser(context.engine);
  return async (req, res) => {
    const { target, state } = parse(req);
    const browser = context.signIn.browser(req, res);
    await context.signIn.sessions.delete(browser.sessionId);
    if (browser.sessionId) browser.clearSessionCookie();
    send(res, { status: 302, headers: { Location: logoutLocation(target, state), 'Cache-Control': 'no-store' } });
  };
}
