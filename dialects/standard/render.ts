/** Core → wire for the standard endpoints' successes; failures are `errors.ts`. */
import { type WireResponse, NO_STORE } from '../kit';
import type { KeyRing, TokenEngine, TokenRecord, TokenResult, User } from '../../src/core';

type Introspection = Awaited<ReturnType<TokenEngine['introspect']>>;

/** RFC 6749 §5.1, keys in this order; `expires_in` is the seconds left. */
function tokenBody(result: TokenResult, now: number): Record<string, unknown> {
  return {
    access_token: result.accessToken.value,
    token_type: 'Bearer',
    expires_in: Math.max(0, result.accessToken.record.expiresAt - now),
    ...(result.refreshToken ? { refresh_token: result.refreshToken.value } : {}),
    scope: result.scope.join(' '),
  };
}

export function renderToken(result: TokenResult, now: number): WireResponse {
  return { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, now) };
}

/** RFC 7662 §2.2: the engine's introspection answer as it is. */
export function renderIntrospection(body: Introspection): WireResponse {
  return { status: 200, headers: { ...NO_STORE }, body };
}

/** RFC 7009 §2.2: 200 with no body, an unknown token included. */
export function renderRevocation(): WireResponse {
  return { status: 200, headers: { ...NO_STORE } };
}

/** The user behind a token; a client-credentials token shows its client. */
export function renderUserInfo(record: TokenRecord, user: User | undefined): WireResponse {
  const body = user
    ? { sub: user.username, uid: user.uid, ...user.attributes }
    : { sub: record.subject.id, client_id: record.clientId };
  return { status: 200, headers: { ...NO_STORE }, body };
}

export function renderJwks(jwks: ReturnType<KeyRing['jwks']>): WireResponse {
  return { status: 200, body: jwks };
}
