import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { ExternalToken, TokenFallback } from '../../../src/core';
import { attributeString, rfcRefreshExchange, scopeList, upstreamCaller, upstreamFallback, type DialectContext, type UpstreamCall, type UpstreamSettings } from '../../kit';
import { CIAM_PATHS } from '../config';
import { PROFILES, DEFAULT_PROFILE } from '../profiles';
import { UpstreamJwks } from './upstream-jwks';

type Json = Record<string, unknown>;

/** The algorithm CIAM signs with; nothing else is accepted from its upstream. */
const ALGORITHMS = [PROFILES[DEFAULT_PROFILE].signingAlg];
/** Userinfo claims that name the user, when the pool's claims include one. */
const USERNAME_CLAIMS = ['preferred_username', 'username', 'userName'];

const objectOf = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);

function audienceOf(claims: JwtPayload): string | undefined {
  if (typeof claims.client_id === 'string') return claims.client_id;
  if (typeof claims.aud === 'string') return claims.aud;
  return Array.isArray(claims.aud) && typeof claims.aud[0] === 'string' ? claims.aud[0] : undefined;
}

/** The JWKS: `upstream.jwks_url` (its own origin, through a caller of the same timeout), else CIAM's path under `base_url`. */
function jwksOf(context: DialectContext, settings: UpstreamSettings, call: UpstreamCall): UpstreamJwks {
  const now = () => context.engine.now();
  if (settings.jwksUrl === undefined) return new UpstreamJwks({ call, location: CIAM_PATHS.jwks, ttl: settings.jwksCacheTtl, now });
  const url = new URL(settings.jwksUrl);
  const own = upstreamCaller('ciam', { ...settings, baseUrl: url.origin }, context.logger);
  return new UpstreamJwks({ call: own, location: `${url.pathname}${url.search}`, ttl: settings.jwksCacheTtl, now });
}

/** The token's claims when its RS256 signature verifies against the upstream's key of its kid and it is live by the engine's clock. */
async function verifiedClaims(token: string, jwks: UpstreamJwks, now: number): Promise<JwtPayload | undefined> {
  const decoded = jwt.decode(token, { complete: true });
  const kid = decoded?.header.kid;
  if (!decoded || typeof decoded.payload !== 'object' || !ALGORITHMS.includes(decoded.header.alg as 'RS256') || typeof kid !== 'string') return undefined;
  const key = await jwks.key(kid);
  if (!key) return undefined;
  try {
    return jwt.verify(token, key, { algorithms: ALGORITHMS, clockTimestamp: now }) as JwtPayload;
  } catch {
    return undefined;
  }
}

/** The user a CIAM `sub` names: a username claim of the answer, else the local user imported with that id, else the id itself. */
function usernameOf(context: DialectContext, sub: string, info: Json | undefined): string {
  for (const claim of USERNAME_CLAIMS) if (typeof info?.[claim] === 'string' && info[claim] !== '') return info[claim] as string;
  return context.engine.directory.userByUid(sub)?.username ?? sub;
}

function attributesOf(info: Json): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(info)) {
    const text = key === 'sub' ? undefined : attributeString(value);
    if (text !== undefined) attributes[key] = text;
  }
  return attributes;
}

/**
 * The legacy CIAM's access tokens are RS256 JWTs: verified against its JWKS (`/oauth2/jwks`,
 * cached `jwks_cache_ttl`, refetched for a new kid), then `GET /userinfo` with the token as
 * Bearer names the user and its attributes. A 200 for the token's `sub` is a live user token;
 * a 403 (no `openid` scope) still is, without attributes; so is a 404 (no user) for a token whose
 * `sub` is its client, as SAS mints client_credentials tokens. A 401 or anything else is unknown.
 */
export function ciamUpstreamFallback(context: DialectContext): TokenFallback | undefined {
  return upstreamFallback('ciam', context, (call, settings) => {
    const jwks = jwksOf(context, settings, call);
    return async (token): Promise<ExternalToken | undefined> => {
      const claims = await verifiedClaims(token, jwks, context.engine.now());
      if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
      const clientId = audienceOf(claims) ?? settings.clientId ?? 'ciam';
      const forClient = claims.sub === clientId;
      const answer = await call(CIAM_PATHS.userinfo, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      const info = answer?.status === 200 ? objectOf(answer.json) : undefined;
      const live = answer?.status === 200 ? info?.sub === claims.sub : answer?.status === 403 || (forClient && answer?.status === 404);
      if (!live) return undefined;
      return {
        ...(forClient ? {} : { username: usernameOf(context, claims.sub, info) }),
        clientId,
        scope: scopeList(claims.scope),
        ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp } : {}),
        ...(typeof claims.iat === 'number' ? { issuedAt: claims.iat } : {}),
        ...(info ? { attributes: attributesOf(info) } : {}),
      };
    };
  }, rfcRefreshExchange(CIAM_PATHS.token));
}
