import type { ExternalToken, TokenFallback } from '../../../src/core';
import { upstreamFallback, type DialectContext, type RefreshExchange } from '../../kit';
import { coreGrantType } from './grant-names';

/** IBPS's `authentication/apply` with `grant_type=refresh_token` (its refresh token speaks for its client); the tokens are in the envelope's `data`. */
const iformRefresh: RefreshExchange = {
  request: (refreshToken, presented) => ({
    path: '/oauth2/v3/authentication/apply',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: presented?.clientId, client_secret: presented?.clientSecret }),
    },
  }),
  accessTokenOf: (answer) => {
    const body = answer.json as { state?: unknown; data?: { access_token?: unknown } } | undefined;
    return body?.state === 200 && typeof body.data?.access_token === 'string' ? body.data.access_token : undefined;
  },
};

/**
 * The legacy IBPS's `authentication/verify` (query parameters, as its SDK sends them): the
 * envelope's `state` 200 with a username in `data` is a live token; any other state unknown.
 */
export function iformUpstreamFallback(context: DialectContext): TokenFallback | undefined {
  return upstreamFallback('iform', context, (call, settings) => async (token): Promise<ExternalToken | undefined> => {
    const answer = await call(`/oauth2/v3/authentication/verify?${new URLSearchParams({ access_token: token })}`, { method: 'POST' });
    const body = answer?.json as { state?: unknown; data?: unknown; variables?: Record<string, unknown> } | undefined;
    if (!body || typeof body !== 'object' || body.state !== 200 || typeof body.data !== 'string' || body.data === '') return undefined;
    const variables = body.variables && typeof body.variables === 'object' ? body.variables : {};
    const wireGrant = typeof variables['grant.type'] === 'string' ? variables['grant.type'] : undefined;
    const grantType = wireGrant !== undefined ? (coreGrantType(wireGrant) ?? wireGrant) : undefined;
    const clientId = typeof variables.clientId === 'string' ? variables.clientId : (settings.clientId ?? 'iform');
    const forClient = grantType === 'client_credentials';
    return { ...(forClient ? {} : { username: body.data }), clientId, scope: [], ...(grantType !== undefined ? { grantType } : {}) };
  }, iformRefresh);
}
