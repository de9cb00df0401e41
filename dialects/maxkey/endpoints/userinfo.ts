import type { RequestHandler } from 'express';
import { type DialectContext, send } from '../../kit';
import type { MaxkeySettings } from '../config';
import { parsePresentedToken } from '../parse';
import { renderOidcUserInfo } from '../render';
import { tokenHolder } from '../support/token-holder';

/** `/api/connect/v10/userinfo` (`UserInfoOIDCEndpoint`): the OIDC claims of the token's scope. */
export function oidcUserInfoEndpoint(context: DialectContext, settings: MaxkeySettings): RequestHandler {
  return async (req, res) => {
    const { record, user, client } = await tokenHolder(context.engine, parsePresentedToken(req));
    send(res, renderOidcUserInfo(record, user, client, settings, context.engine.now()));
  };
}
