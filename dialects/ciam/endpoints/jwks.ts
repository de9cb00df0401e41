import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import type { CiamSettings } from '../config';
import { jwksBody } from '../render';

/** GET /oauth2/jwks: the key ring's current keys, read per request. */
export function jwksEndpoint(context: DialectContext, settings: CiamSettings): RequestHandler {
  return (_req, res) => {
    send(res, { status: 200, body: jwksBody(context.engine.keys.jwks().keys, settings.profile) });
  };
}
