import type { RequestHandler } from 'express';
import { isCoreError, type TokenRecord } from '../../src/core';
import { type DialectContext, send } from '../kit';
import { JavaHashMap } from '../kit/jvm';
import { envelope, PARAMETER_CHECK_FAILED } from './errors';
import { presentedToken, servletParams } from './params';

/** Spring's `hasRole` convention: `admin` becomes `ROLE_ADMIN`; a user without roles is a `ROLE_USER`. */
function authorities(roles: readonly string[]): string[] {
  if (roles.length === 0) return ['ROLE_USER'];
  return roles.map((role) => (role.startsWith('ROLE_') ? role : `ROLE_${role.toUpperCase()}`));
}

async function liveAccessToken(context: DialectContext, token: string): Promise<TokenRecord> {
  try {
    return await context.engine.verify(token, 'access_token');
  } catch (error) {
    // InvalidTokenException lands in GlobalExceptionHandler.
    if (isCoreError(error) && error.code === 'expired_token') throw envelope('Token has expired');
    if (isCoreError(error) && error.code === 'invalid_token') throw envelope('Token was not recognised');
    throw error;
  }
}

/** `/authz/oauth/v20/check_token` (POST `token`, no client authentication): `DefaultAccessTokenConverter` in HashMap order. */
export function checkTokenEndpoint(context: DialectContext): RequestHandler {
  return async (req, res) => {
    if (req.method !== 'POST') throw envelope('Method Not Allowed', 405);
    const token = servletParams(req).token;
    if (token === undefined) throw envelope(PARAMETER_CHECK_FAILED);
    const record = await liveAccessToken(context, token);
    const map = new JavaHashMap();
    map.put('aud', [record.clientId]);
    if (record.subject.type === 'user') {
      const user = context.engine.directory.userByUid(record.subject.id);
      map.put('user_name', record.subject.username ?? user?.username ?? record.subject.id);
      map.put('authorities', authorities(user?.roles ?? []));
    } else {
      map.put('authorities', ['ROLE_CLIENT', 'ROLE_TRUSTED_CLIENT']);
    }
    map.put('scope', record.scope);
    map.put('exp', record.expiresAt);
    map.put('client_id', record.clientId);
    map.put('active', true);
    send(res, { status: 200, body: map.toObject() });
  };
}

/** `/authz/oauth/v20/introspect`: MaxKey's own `{token, active, sub}` bean, no client authentication (not RFC 7662). */
export function introspectEndpoint(context: DialectContext): RequestHandler {
  return async (req, res) => {
    const token = presentedToken(req, servletParams(req));
    const found = await context.engine.introspect(token);
    const sub = found.active ? found.sub : null;
    send(res, { status: 200, body: { token: token ?? null, active: found.active, sub } });
  };
}
