import type { RequestHandler } from 'express';
import { CoreError } from '../../../src/core';
import { type DialectContext, send } from '../../kit';
import { ciamClientSettings, type CiamSettings } from '../config';
import { userNotFound } from '../errors';
import { userInfoToken } from '../parse';
import { userInfoBody } from '../render';

/** GET /userinfo, OIDC userinfo behind a Spring Security resource server: any live access token with `openid`. */
export function userInfoEndpoint(context: DialectContext, settings: CiamSettings): RequestHandler {
  const { engine } = context;
  return async (req, res) => {
    const record = await engine.verify(userInfoToken(req), 'access_token');
    if (!record.scope.includes('openid')) throw new CoreError('insufficient_scope', 'the access token lacks the openid scope');
    const user = engine.userOf(record);
    if (!user) throw userNotFound();
    const client = engine.directory.client(record.clientId);
    const claims = (client && ciamClientSettings(client.settings).userinfoClaims) ?? settings.userinfoClaims;
    send(res, { status: 200, body: userInfoBody(user, claims) });
  };
}
