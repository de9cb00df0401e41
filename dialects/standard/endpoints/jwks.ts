import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import { renderJwks } from '../render';

/** GET /jwks: the gateway's public signing keys, which verify `token_format: jwt` access tokens. */
export function jwksEndpoint(context: DialectContext): RequestHandler {
  return (_req, res) => {
    send(res, renderJwks(context.engine.keys.jwks()));
  };
}
