import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import { parsePresentedToken } from '../parse';
import { renderIntrospection } from '../render';

/** `/authz/oauth/v20/introspect`: MaxKey's own bean, no client authentication (not RFC 7662). */
export function introspectEndpoint(context: DialectContext): RequestHandler {
  return async (req, res) => {
    const token = parsePresentedToken(req);
    send(res, renderIntrospection(token, await context.engine.introspect(token)));
  };
}
