import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import { parseJwksClientId } from '../parse';
import { renderJwks, renderUnknownJwksClient } from '../render';

/**
 * `/authz/oauth/v20/jwks`. MaxKey serves each app's own keys; the gateway has one key ring, so
 * every known `client_id` (or none) gets the same set. An unknown one gets MaxKey's plain-text notice.
 */
export function jwksEndpoint(context: DialectContext): RequestHandler {
  return (req, res) => {
    const clientId = parseJwksClientId(req);
    if (clientId !== undefined && clientId !== '' && !context.engine.directory.client(clientId)) {
      return send(res, renderUnknownJwksClient(clientId));
    }
    send(res, renderJwks(context.engine.keys.jwks().keys));
  };
}
