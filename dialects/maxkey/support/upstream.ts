import type { ExternalToken, TokenFallback } from '../../../src/core';
import { attributeString, configuredClientBasic, rfcRefreshExchange, scopeList, upstreamFallback, type DialectContext, type UpstreamCall, type UpstreamSettings } from '../../kit';
import { MAXKEY_PATHS } from '../config';
import { MAXKEY_UUID } from '../parse';

/** Fields of `/me` that are not the user's attributes: a fresh id per call, the subject twice, the upstream's uid. */
const NOT_ATTRIBUTES = new Set(['randomId', 'user', 'username', 'userId']);

/** `/me`'s HashMap as attributes: nulls and MaxKey's "unknown" gender (0) left out. */
function attributesOf(body: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (NOT_ATTRIBUTES.has(key) || (key === 'gender' && value === 0)) continue;
    const text = attributeString(value);
    if (text !== undefined) attributes[key] = text;
  }
  return attributes;
}

/** The user of a `/me` answer: a 200 map with a username; MaxKey's `{error_description, error}` or envelope (also 200s) are not. */
function meUser(body: unknown): { username: string; attributes: Record<string, string> } | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const map = body as Record<string, unknown>;
  if (map.error !== undefined || map.code !== undefined) return undefined;
  const username = typeof map.username === 'string' && map.username !== '' ? map.username : map.user;
  if (typeof username !== 'string' || username === '') return undefined;
  return { username, attributes: attributesOf(map) };
}

interface Checked {
  clientId: string;
  scope: string[];
  expiresAt?: number;
}

/** `check_token`'s converter map (`active`, `client_id`, `scope`, `exp`), or undefined for its envelope or no answer. */
async function checkToken(call: UpstreamCall, settings: UpstreamSettings, token: string): Promise<Checked | undefined> {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: configuredClientBasic(settings),
  };
  const answer = await call(MAXKEY_PATHS.checkToken, { method: 'POST', headers, body: new URLSearchParams({ token }).toString() });
  const body = answer?.json as Record<string, unknown> | undefined;
  if (answer?.status !== 200 || !body || typeof body !== 'object' || body.active !== true || typeof body.client_id !== 'string') return undefined;
  return { clientId: body.client_id, scope: scopeList(body.scope), ...(typeof body.exp === 'number' ? { expiresAt: body.exp } : {}) };
}

/**
 * The legacy MaxKey's `/api/oauth/v20/me` (Bearer): its user map is a live token, MaxKey's
 * 200 error map unknown. MaxKey's tokens are UUIDs (`/me` refuses any other shape), so no other
 * vendor's token is sent there. `/me` names no app, so with `client_id` configured `check_token` is
 * asked too (Basic, which MaxKey ignores there) for the app, scope and expiry; else the app is
 * `client_id` or `maxkey`, the scope empty.
 */
export function maxkeyUpstreamFallback(context: DialectContext): TokenFallback | undefined {
  return upstreamFallback('maxkey', context, (call, settings) => async (token): Promise<ExternalToken | undefined> => {
    if (!MAXKEY_UUID.test(token)) return undefined;
    const asked = call(MAXKEY_PATHS.me, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const [me, checked] = await Promise.all([asked, settings.clientId !== undefined ? checkToken(call, settings, token) : undefined]);
    const user = me?.status === 200 ? meUser(me.json) : undefined;
    if (!user) return undefined;
    return {
      username: user.username,
      clientId: checked?.clientId ?? settings.clientId ?? 'maxkey',
      scope: checked?.scope ?? [],
      ...(checked?.expiresAt !== undefined ? { expiresAt: checked.expiresAt } : {}),
      attributes: user.attributes,
    };
  }, rfcRefreshExchange(MAXKEY_PATHS.token));
}
