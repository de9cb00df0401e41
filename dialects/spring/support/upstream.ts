import type { ExternalToken, TokenFallback } from '../../../src/core';
import { configuredClientBasic, rfcRefreshExchange, scopeList, upstreamFallback, type DialectContext } from '../../kit';

/**
 * The legacy authorization server's `/oauth/check_token` (`CheckTokenEndpoint`), asked with
 * HTTP Basic of the configured client as `RemoteTokenServices` does: a 200 converter map is a
 * live token (`user_name` absent for a client's own), a 400 `invalid_token` or anything else unknown.
 */
export function springUpstreamFallback(context: DialectContext): TokenFallback | undefined {
  return upstreamFallback('spring', context, (call, settings) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (settings.clientId !== undefined) {
      headers.authorization = configuredClientBasic(settings);
    }
    return async (token): Promise<ExternalToken | undefined> => {
      const answer = await call('/oauth/check_token', { method: 'POST', headers, body: new URLSearchParams({ token }).toString() });
      const body = answer?.json as Record<string, unknown> | undefined;
      if (answer?.status !== 200 || !body || typeof body !== 'object' || body.active === false || typeof body.client_id !== 'string') return undefined;
      const username = typeof body.user_name === 'string' ? body.user_name : undefined;
      return {
        ...(username !== undefined ? { username } : {}),
        clientId: body.client_id,
        scope: scopeList(body.scope),
        ...(typeof body.exp === 'number' ? { expiresAt: body.exp } : {}),
        ...(typeof body.grant_type === 'string' ? { grantType: body.grant_type } : {}),
      };
    };
  }, rfcRefreshExchange('/oauth/token'));
}
