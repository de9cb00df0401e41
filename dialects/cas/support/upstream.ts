import type { ExternalToken, TokenFallback } from '../../../src/core';
import { attributeString, formPost, upstreamFallback, type DialectContext, type RefreshExchange } from '../../kit';

const RESERVED = new Set(['id', 'client_id', 'service', 'attributes']);

/** CAS ≤ 4.2 lists attributes as single-key objects; 5+ nests an object; the flat view puts them beside `id`. */
function attributesOf(body: Record<string, unknown>): Record<string, string> {
  const source: Record<string, unknown> = {};
  if (Array.isArray(body.attributes)) for (const item of body.attributes) Object.assign(source, item);
  else if (body.attributes && typeof body.attributes === 'object') Object.assign(source, body.attributes);
  else for (const [key, value] of Object.entries(body)) if (!RESERVED.has(key)) source[key] = value;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const text = attributeString(value);
    if (text !== undefined) attributes[key] = text;
  }
  return attributes;
}

/**
 * CAS's `/oauth2.0/accessToken` with `grant_type=refresh_token` and the client's id and secret
 * as parameters (its interceptor takes them so); CAS ≤ 5.1 answers form-encoded, later JSON.
 */
const casRefresh: RefreshExchange = {
  request: (refreshToken, presented) => ({
    path: '/oauth2.0/accessToken',
    init: formPost({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: presented?.clientId, client_secret: presented?.clientSecret }),
  }),
  accessTokenOf: (answer) => {
    const json = answer.json as { access_token?: unknown } | undefined;
    if (json && typeof json.access_token === 'string') return json.access_token;
    return new URLSearchParams(answer.text).get('access_token') ?? undefined;
  },
};

/** The legacy CAS's `/oauth2.0/profile`: a 200 with an `id` is a live token, anything else unknown. */
export function casUpstreamFallback(context: DialectContext): TokenFallback | undefined {
  return upstreamFallback('cas', context, (call, settings) => async (token): Promise<ExternalToken | undefined> => {
    const answer = await call(`/oauth2.0/profile?${new URLSearchParams({ access_token: token })}`);
    const body = answer?.json as Record<string, unknown> | undefined;
    if (answer?.status !== 200 || !body || typeof body !== 'object' || typeof body.id !== 'string' || body.id === '') return undefined;
    const clientId = typeof body.client_id === 'string' ? body.client_id : (settings.clientId ?? 'cas');
    return { username: body.id, clientId, scope: [], attributes: attributesOf(body) };
  }, casRefresh);
}
