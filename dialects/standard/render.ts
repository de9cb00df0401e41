/** Core → wire for the standard endpoints' successes; failures are `errors.ts`. */
import { type WireResponse, NO_STORE } from '../kit';
import type { KeyRing, TokenEngine, TokenRecord, TokenResult, User } from '../../src/core';
import type { STANDARD_PATHS } from './config';
import { ID_TOKEN_CLAIMS, SCOPE_CLAIMS } from './support/id-token';

type Introspection = Awaited<ReturnType<TokenEngine['introspect']>>;

/** RFC 6749 §5.1, keys in this order, then OIDC's `id_token` when there is one; `expires_in` is the seconds left. */
function tokenBody(result: TokenResult, now: number, idToken: string | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {
    access_token: result.accessToken.value,
    token_type: 'Bearer',
    expires_in: Math.max(0, result.accessToken.record.expiresAt - now),
    ...(result.refreshToken ? { refresh_token: result.refreshToken.value } : {}),
    scope: result.scope.join(' '),
  };
  if (idToken !== undefined) body.id_token = idToken;
  return body;
}

export function renderToken(result: TokenResult, now: number, idToken?: string): WireResponse {
  return { status: 200, headers: { ...NO_STORE }, body: tokenBody(result, now, idToken) };
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

/** OpenID Connect Discovery 1.0 §3 provider metadata: what this dialect serves, at its own URLs. */
export function discoveryDocument(issuer: string, paths: typeof STANDARD_PATHS): Record<string, unknown> {
  const at = (path: string) => `${issuer}${path}`;
  const clientAuth = ['client_secret_basic', 'client_secret_post'];
  return {
    issuer,
    authorization_endpoint: at(paths.authorize),
    token_endpoint: at(paths.token),
    userinfo_endpoint: at(paths.userinfo),
    jwks_uri: at(paths.jwks),
    introspection_endpoint: at(paths.introspect),
    revocation_endpoint: at(paths.revoke),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    // `none`: a public client, which must use PKCE.
    token_endpoint_auth_methods_supported: [...clientAuth, 'none'],
    introspection_endpoint_auth_methods_supported: clientAuth,
    revocation_endpoint_auth_methods_supported: clientAuth,
    scopes_supported: ['openid', ...Object.keys(SCOPE_CLAIMS)],
    claims_supported: [...ID_TOKEN_CLAIMS, ...Object.values(SCOPE_CLAIMS).flat()],
  };
}
