import type { Logger } from 'pino';
import { parseScope, type ClientCredentials, type RefreshRedemption, type TokenFallback } from '../../src/core';
import { basicAuth } from '../../src/contract/http';
import type { DialectContext } from '../../src/http/dialect';
import { upstreamSettings, type UpstreamSettings } from '../../src/config/upstream';

export { upstreamConfigSchema, upstreamSettings, type UpstreamSettings } from '../../src/config/upstream';

export interface UpstreamAnswer {
  status: number;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  /** The body as it came, and the headers a relayed answer keeps. */
  text: string;
  headers: Record<string, string>;
}

/** The headers of an upstream's answer a relay passes on: its body's type and its caching rules. */
const RELAYED_HEADERS = ['content-type', 'cache-control', 'pragma', 'www-authenticate'];

export type UpstreamCall = (path: string, init?: RequestInit) => Promise<UpstreamAnswer | undefined>;

/**
 * `fetch` against the upstream within `timeoutMs`, never throwing: a network error, a timeout
 * or a 5xx is undefined. The first failure after a good answer is logged at warn, the recovery
 * at info, nothing per request (the path holds the token, so it is never logged).
 */
export function upstreamCaller(dialect: string, settings: UpstreamSettings, logger: Logger): UpstreamCall {
  let failing = false;
  const failed = (why: string) => {
    if (!failing) logger.warn({ dialect, upstream: settings.baseUrl }, `upstream ${settings.baseUrl} of dialect ${dialect} fails (${why}): its tokens are unknown until it answers`);
    failing = true;
    return undefined;
  };
  return async (path, init = {}) => {
    let status: number;
    let text: string;
    const headers: Record<string, string> = {};
    try {
      const response = await fetch(`${settings.baseUrl}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs) });
      status = response.status;
      text = await response.text();
      for (const name of RELAYED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
    } catch (error) {
      const name = (error as Error).name;
      return failed(name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${settings.timeoutMs} ms` : 'unreachable');
    }
    if (status >= 500) return failed(`HTTP ${status}`);
    if (failing) logger.info({ dialect, upstream: settings.baseUrl }, `upstream ${settings.baseUrl} of dialect ${dialect} answers again`);
    failing = false;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, json, text, headers };
  };
}

/** An attribute value as a single string: arrays (CAS's multi-valued attributes) joined by commas. */
export function attributeString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(attributeString).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join(',') : undefined;
  }
  return undefined;
}

/**
 * How a vendor's token endpoint redeems a refresh token: the request to send (with the
 * credentials the client presented here, when the vendor wants them) and where its answer
 * holds the new access token.
 */
export interface RefreshExchange {
  request(refreshToken: string, presented: ClientCredentials | undefined, settings: UpstreamSettings): { path: string; init: RequestInit };
  accessTokenOf(answer: UpstreamAnswer): string | undefined;
}

/**
 * A refresh at the upstream: relayed as it came (any answer but an outage), or adopted: the
 * new upstream access token is verified like any other, which names the user and client. No
 * answer at all is an outage, not a refusal.
 */
function refreshRedeemer(call: UpstreamCall, settings: UpstreamSettings, exchange: RefreshExchange, verify: TokenFallback['verify']): NonNullable<TokenFallback['redeemRefresh']> {
  return async (refreshToken, presented): Promise<RefreshRedemption | undefined> => {
    const { path, init } = exchange.request(refreshToken, presented, settings);
    const answer = await call(path, init);
    if (!answer) return { unavailable: true };
    if (settings.refresh === 'relay') return { relay: { status: answer.status, headers: answer.headers, body: answer.text } };
    const accessToken = answer.status === 200 ? exchange.accessTokenOf(answer) : undefined;
    const token = accessToken ? await verify(accessToken) : undefined;
    return token ? { adopt: token } : undefined;
  };
}

/** A form-encoded POST, as the JVM vendors' token endpoints take it. */
export function formPost(fields: Record<string, string | undefined>, headers: Record<string, string> = {}): RequestInit {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers }, body: body.toString() };
}

/** The presented client as HTTP Basic (how it came, or posted in the form when it came so). */
export function presentedClientFields(presented: ClientCredentials | undefined): { fields: Record<string, string | undefined>; headers: Record<string, string> } {
  if (!presented?.clientId) return { fields: {}, headers: {} };
  if (presented.method === 'client_secret_basic' && presented.clientSecret !== undefined) {
    // Passed on as it came: the JVM vendors' Basic filters do not form-decode.
    return { fields: {}, headers: { authorization: basicAuth(presented.clientId, presented.clientSecret, false) } };
  }
  return { fields: { client_id: presented.clientId, client_secret: presented.clientSecret }, headers: {} };
}

/** HTTP Basic of the upstream's configured client (`client_id` / `client_secret`), as the JVM vendors read it. */
export function configuredClientBasic(settings: UpstreamSettings): string {
  return basicAuth(settings.clientId ?? '', settings.clientSecret ?? '', false);
}

/**
 * An RFC 6749 §6 refresh at the vendor's token endpoint (Spring's `TokenEndpoint`, MaxKey's
 * fork of it, CIAM's `/oauth2/token`): a form, the client as it authenticated here, the new
 * access token in the JSON answer.
 */
export function rfcRefreshExchange(path: string): RefreshExchange {
  return {
    request: (refreshToken, presented) => {
      const client = presentedClientFields(presented);
      return { path, init: formPost({ grant_type: 'refresh_token', refresh_token: refreshToken, ...client.fields }, client.headers) };
    },
    accessTokenOf: (answer) => {
      const json = answer.json as { access_token?: unknown } | undefined;
      return typeof json?.access_token === 'string' ? json.access_token : undefined;
    },
  };
}

/** A `scope` an upstream answered with, as a list (an array, or a space-separated string). */
export function scopeList(value: unknown): string[] {
  if (Array.isArray(value)) return parseScope(value.filter((item): item is string => typeof item === 'string')) ?? [];
  return typeof value === 'string' ? (parseScope(value) ?? []) : [];
}

/**
 * The whole verification within `timeoutMs`, however many calls the vendor needs (CIAM's key
 * set, then its userinfo): past it the token is unknown, and calls under way finish in the
 * background within their own timeouts (a key set they bring is kept).
 */
function withinDeadline(verify: TokenFallback['verify'], timeoutMs: number): TokenFallback['verify'] {
  return (token) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      verify(token).then(resolve, () => resolve(undefined)).finally(() => clearTimeout(timer));
    });
}

/**
 * A dialect's token fallback to its legacy upstream (`dialects.<name>.upstream`), or undefined
 * when none is configured: `verifyWith` gets the caller (timeouts, one warn line per outage) and
 * the settings, and says what the vendor's answer means; `refresh`, how the vendor redeems a
 * refresh token, when the dialect adopts them.
 */
export function upstreamFallback(
  name: string,
  context: DialectContext,
  verifyWith: (call: UpstreamCall, settings: UpstreamSettings) => TokenFallback['verify'],
  refresh?: RefreshExchange,
): TokenFallback | undefined {
  const settings = upstreamSettings(context.section);
  if (!settings) return undefined;
  const call = upstreamCaller(name, settings, context.logger);
  const verify = withinDeadline(verifyWith(call, settings), settings.timeoutMs);
  return {
    name,
    cacheTtl: settings.cacheTtl,
    negativeCacheTtl: settings.negativeCacheTtl,
    verify,
    ...(refresh ? { redeemRefresh: refreshRedeemer(call, settings, refresh, verify), relaysRefresh: settings.refresh === 'relay' } : {}),
  };
}
