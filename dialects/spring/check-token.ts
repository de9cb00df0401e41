import type { RequestHandler } from 'express';
import { isCoreError, type TokenRecord, looksLikeJwt } from '../../src/core';
import { type DialectContext, send } from '../kit';
import type { SpringSettings } from './config';
import { checkTokenClaims } from './claims';
import { mvcMethodNotAllowed, oauth2, SpringError } from './errors';
import { springParams } from './params';
import { enforceAccess } from './access';

/** CheckTokenEndpoint's InvalidTokenException handler forces 400, which RemoteTokenServices reads. */
const invalid = (description: string) => oauth2(400, 'invalid_token', description);

async function liveAccessToken(context: DialectContext, settings: SpringSettings, token: string): Promise<TokenRecord> {
  if (settings.jwt && looksLikeJwt(token)) {
    const claims = context.engine.keys.verify(token, { ignoreExpiration: true });
    if (!claims) throw invalid('Cannot convert access token to JSON');
    if ('ati' in claims) throw invalid('Encoded token is a refresh token');
  }
  try {
    return await context.engine.verify(token, 'access_token');
  } catch (error) {
    if (isCoreError(error) && error.code === 'expired_token') throw invalid('Token has expired');
    if (isCoreError(error) && error.code === 'invalid_token') throw invalid('Token was not recognised');
    throw error;
  }
}

export function checkTokenEndpoint(context: DialectContext, settings: SpringSettings): RequestHandler {
  return async (req, res) => {
    await enforceAccess(req, context.engine, settings.checkTokenAccess);
    if (settings.checkTokenPostOnly && req.method !== 'POST') throw mvcMethodNotAllowed(req.method, ['POST']);
    const token = springParams(req).token;
    if (token === undefined) {
      throw new SpringError({ kind: 'container', status: 400, message: "Required String parameter 'token' is not present" });
    }
    const record = await liveAccessToken(context, settings, token);
    const user = record.subject.type === 'user' ? context.engine.directory.userByUid(record.subject.id) : undefined;
    send(res, { status: 200, body: checkTokenClaims(record, user, context.engine.directory.client(record.clientId), settings) });
  };
}
