import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import type { SpringSettings } from '../config';
import { parseTokenKeyRequest } from '../parse';
import { tokenKeyBody } from '../render';

/** `/oauth/token_key`, mounted with JWT tokens only: the key that verifies them. */
export function tokenKeyEndpoint(context: DialectContext, settings: SpringSettings): RequestHandler {
  const body = tokenKeyBody(settings, context.engine);
  return async (req, res) => {
    await parseTokenKeyRequest(req, context.engine, settings);
    send(res, { status: 200, body });
  };
}
