import type { RequestHandler } from 'express';
import { type DialectContext, bearerToken, send } from '../../kit';
import { renderUserInfo } from '../render';

/** GET /userinfo: who is behind a bearer access token. */
export function userInfoEndpoint(context: DialectContext): RequestHandler {
  return async (req, res) => {
    const { record, user } = await context.engine.userInfo(bearerToken(req));
    send(res, renderUserInfo(record, user));
  };
}
