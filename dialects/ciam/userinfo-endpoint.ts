import type { Request, RequestHandler } from 'express';
import { CoreError, type User } from '../../src/core';
import { type DialectContext, bearerToken, send } from '../kit';
import { ciamClientSettings, type CiamSettings } from './config';
import { userNotFound } from './errors';

/** The bearer token; a present but malformed `Authorization: Bearer` header is an invalid token, not a missing one. */
function presentedToken(req: Request): string | undefined {
  const token = bearerToken(req);
  if (token === undefined && /^bearer\b/i.test(req.headers.authorization ?? '')) {
    throw new CoreError('invalid_token', 'malformed bearer token', { reason: 'unknown_token' });
  }
  return token;
}

/** `sub` (the user id), then the configured claims the user has, in the configured order. */
export function userInfoBody(user: User, claims: readonly string[]): Record<string, string> {
  const body: Record<string, string> = { sub: user.uid };
  for (const claim of claims) {
    const value = user.attributes[claim];
    if (value !== undefined) body[claim] = value;
  }
  return body;
}

/** OIDC userinfo behind a Spring Security resource server: any live access token with `openid`. */
export function userInfoEndpoint(context: DialectContext, settings: CiamSettings): RequestHandler {
  const { engine } = context;
  return async (req, res) => {
    const record = await engine.verify(presentedToken(req), 'access_token');
    if (!record.scope.includes('openid')) throw new CoreError('insufficient_scope', 'the access token lacks the openid scope');
    const user = record.subject.type === 'user' ? engine.directory.userByUid(record.subject.id) : undefined;
    if (!user) throw userNotFound();
    const client = engine.directory.client(record.clientId);
    const claims = (client && ciamClientSettings(client.settings).userinfoClaims) ?? settings.userinfoClaims;
    send(res, { status: 200, body: userInfoBody(user, claims) });
  };
}
