import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { type TokenEngine, isCoreError, type Client, type TokenRecord, type User } from '../../src/core';
import { type DialectContext, send } from '../kit';
import { JavaHashMap } from '../kit/jvm';
import { maxkeyClientSettings, type MaxkeySettings } from './config';
import { envelope, resourceError } from './errors';
import { MAXKEY_UUID, presentedToken, servletParams } from './params';
import { meFields, oidcFields, subjectOf } from './user-profile';

/** `HttpResponseAdapter` headers (MaxKey sends `Cache-Control` twice; here as one list). */
const NO_CACHE = {
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  'Cache-Control': 'no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
};

/** A client_credentials token has no user: MaxKey's adapter dereferences null (inferred text). */
export const NO_USER_MESSAGE = 'No user is associated with this access token';

interface Holder {
  record: TokenRecord;
  user: User;
  client: Client;
}

/**
 * The live token's user and app, or MaxKey's `/me` error. A token the store knows is served
 * whatever its shape (tokens of other dialects are not UUIDs); an unknown one that is not a
 * UUID is "token Format Invalid", as MaxKey's regex check reports it.
 */
async function tokenHolder(engine: TokenEngine, token: string | undefined): Promise<Holder> {
  let found: { record: TokenRecord; user?: User };
  try {
    found = await engine.userInfo(token);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    if (error.code === 'expired_token') throw resourceError('invalid_token', `Access token expired: ${token}`);
    if (error.code !== 'invalid_token') throw error;
    if (token === undefined || !MAXKEY_UUID.test(token)) {
      throw resourceError('token Format Invalid', `access Token Format Invalid , access_token : ${token ?? 'null'}`);
    }
    throw resourceError('invalid_token', `Invalid access token: ${token}`);
  }
  const client = engine.directory.client(found.record.clientId);
  if (!client) throw resourceError('invalid_token', `Client not valid: ${found.record.clientId}`);
  if (!found.user) throw envelope(NO_USER_MESSAGE);
  return { record: found.record, user: found.user, client };
}

function hashMapOf(fields: Array<[string, unknown]>): Record<string, unknown> {
  const map = new JavaHashMap();
  for (const [key, value] of fields) map.put(key, value);
  return map.toObject();
}

const jsonReply = (body: unknown) => ({ status: 200, headers: NO_CACHE, text: { contentType: 'application/json;charset=UTF-8', content: JSON.stringify(body) } });

function token(req: Request): string | undefined {
  return presentedToken(req, servletParams(req));
}

/** `/api/oauth/v20/me` (`OAuthDefaultUserInfoAdapter`): a flat HashMap, nulls included. */
export function meEndpoint(context: DialectContext, settings: MaxkeySettings): RequestHandler {
  return async (req, res) => {
    const { user, client } = await tokenHolder(context.engine, token(req));
    const subject = subjectOf(user, maxkeyClientSettings(client.settings).subject);
    send(res, jsonReply(hashMapOf(meFields(user, subject, settings.instId, randomUUID()))));
  };
}

const PLAIN_JWT_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');

/** `/api/connect/v10/userinfo`: JSON for a `NORMAL` app, otherwise an unsigned JWT (MaxKey's default). */
export function oidcUserInfoEndpoint(context: DialectContext, settings: MaxkeySettings): RequestHandler {
  return async (req, res) => {
    const { record, user, client } = await tokenHolder(context.engine, token(req));
    const own = maxkeyClientSettings(client.settings);
    const claims = hashMapOf([
      ...oidcFields(user, subjectOf(user, own.subject), settings.instId, record.scope),
      ['jti', randomUUID()],
      ['aud', client.clientId],
      ['iat', context.engine.now()],
      ['exp', record.expiresAt],
    ]);
    if (own.userinfoResponse === 'NORMAL') return send(res, jsonReply(claims));
    const jwt = `${PLAIN_JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    send(res, { status: 200, headers: NO_CACHE, text: { contentType: 'application/jwt', content: jwt } });
  };
}
