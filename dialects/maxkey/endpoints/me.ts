import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import type { MaxkeySettings } from '../config';
import { parsePresentedToken } from '../parse';
import { renderMe } from '../render';
import { tokenHolder } from '../support/token-holder';

/** `/api/oauth/v20/me`: the token's user as `OAuthDefaultUserInfoAdapter` lists it. */
export function meEndpoint(context: DialectContext, settings: MaxkeySettings): RequestHandler {
  return async (req, res) => {
    const { user, client } = await tokenHolder(context.engine, parsePresentedToken(req));
    send(res, renderMe(user, client, settings));
  };
}
