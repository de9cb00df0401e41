import type { ExternalToken, TokenFallback } from '../../../src/core';
import { formPost, presentedClientFields, upstreamFallback, type DialectContext, type RefreshExchange } from '../../kit';

function scopeOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

/** `TokenEndpoint` with `grant_type=refresh_token`, the client authenticated as it was here (Basic, or form parameters). */
const springRefresh: RefreshExchange = {
  request: (refreshToken, presented) => {
    const client = presentedClientFields(presented);
    return { path: '/oauth/token', init: formPost({ grant_type: 'refresh_token', refresh_token: refreshToken, ...client.fields }, client.headers) };
  },
  accessTokenOf: (answer) => {
    const json = answer.json as { access_token?: unknown } | undefined;
    return typeof json?.access_token === 'string' ? json.access_token : undefined;
  },
};

/**
 * The legacy authorization server's `/oauth/check_token` (`CheckTokenEndpoint`), asked with
 * HTTP Basic of the configured client as `RemoteTokenServices` does: a 200 converter map is a
 * live token (`user_name` absent for a client's own), a 400 `invalid_token` or anything else unknown.
 */
export function springUpstreamFallback(context: DialectContext): TokenFallback | undefined {
  return upstreamFallback('spring', context, (call, settings) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (settings.clientId !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret ?? ''}`).toString('base64')}`;
    }
    return async (token): Promise<ExternalToken | undefined> => {
      const answer = await call('/oauth/check_token', { method: 'POST', headers, body: new URLSearchParams({ token }).toString() });
      const body = answer?.json as Record<string, unknown> | undefined;
      if (answer?.status !== 200 || !body || typeof body !== 'object' || body.active === false || typeof body.client_id !== 'string') return undefined;
      const username = typeof body.user_name === 'string' ? body.user_name : undefined;
      return {
        ...(username !== undefined ? { username } : {}),
        clientId: body.client_id,
        scope: scopeOf(body.scope),
        ...(typeof body.exp === 'number' ? { expiresAt: body.exp } : {}),
        ...(typeof body.grant_type === 'string' ? { grantType: body.grant_type } : {}),
      };
    };
  }, springRefresh);
}
