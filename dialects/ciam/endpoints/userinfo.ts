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
    const token = userInfoToken(req);
    const record = await engine.verify(token, 'access_token');
    if (!record.scope.includes('openid')) throw new CoreError('insufficient_scope', 'the access token lacks the openid scope');
    // A legacy upstream's token speaks for the local user of its name, else the upstream's user.
    const user =
      record.subject.type !== 'user' ? undefined : record.format === 'external' ? (await engine.userInfo(token)).user : engine.directory.userByUid(record.subject.id);
    if (!user) throw userNotFound();
    const client = engine.directory.client(record.clientId);
    const claims = (client && ciamClientSettings(client.settings).userinfoClaims) ?? settings.userinfoClaims;
    send(res, { status: 200, body: userInfoBody(user, claims) });
  };
}
