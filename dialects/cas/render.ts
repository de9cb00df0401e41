import type { TokenResult, TokenRecord, User } from '../../src/core';
import { type WireResponse, NO_STORE } from '../kit';
import type { ProfileViewType } from './config';
import { inJavaHashMapOrder, jacksonPretty } from '../kit/jvm';
import type { CasProfile, TokenKey } from './profiles';

/** `expires_in` is the constant time-to-live, not the seconds left (CAS `getExpiresIn()`). */
function ttlOf(result: TokenResult): number {
  return result.accessToken.record.expiresAt - result.accessToken.record.issuedAt;
}

export function tokenResponse(profile: CasProfile, result: TokenResult, jsonFormat: boolean): WireResponse {
  const refreshToken = result.refreshToken && result.refreshTokenIsNew ? result.refreshToken.value : undefined;
  if (!jsonFormat && profile.token.textFormat) {
    // CAS 5.x `generateTextInternal`: no token_type.
    const content = `access_token=${result.accessToken.value}&expires_in=${ttlOf(result)}${refreshToken ? `&refresh_token=${refreshToken}` : ''}`;
    return { status: 200, headers: { ...NO_STORE }, text: { contentType: 'text/plain', content } };
  }
  const values: Record<TokenKey, unknown> = {
    access_token: result.accessToken.value,
    refresh_token: refreshToken,
    token_type: 'bearer',
    expires_in: ttlOf(result),
    scope: profile.token.scope ? result.scope.join(' ') : undefined,
  };
  const body: Record<string, unknown> = {};
  for (const key of profile.token.keyOrder) if (values[key] !== undefined) body[key] = values[key];
  return { status: 200, headers: { ...NO_STORE }, body };
}

/** The CAS service a token was issued for: the `service` header, redirect URI or client id. */
export function serviceOf(record: TokenRecord): string | undefined {
  const service = record.extra?.service;
  return typeof service === 'string' ? service : undefined;
}

/** The principal id: the username, or the client id for client_credentials. */
export function principalOf(record: TokenRecord, user: User | undefined): string {
  return user?.username ?? record.subject.username ?? record.subject.id;
}

/**
 * `DefaultOAuth20UserProfileDataCreator` builds a HashMap {id, client_id, service, attributes};
 * FLAT puts the attributes first, then the other keys, each group in HashMap order.
 */
export function userProfileResponse(profile: CasProfile, view: ProfileViewType, record: TokenRecord, user: User | undefined): WireResponse {
  const service = serviceOf(record);
  const attributes = inJavaHashMapOrder(user?.attributes ?? {});
  const top: Record<string, unknown> = { id: principalOf(record, user), client_id: record.clientId };
  if (service !== undefined) top.service = service;
  const body =
    view === 'flat' ? { ...attributes, ...inJavaHashMapOrder(top) } : inJavaHashMapOrder({ ...top, attributes } as Record<string, unknown>);
  if (profile.userProfile.pretty) return { status: 200, text: { contentType: 'application/json', content: jacksonPretty(body) } };
  return { status: 200, body };
}

/**
 * `OAuth20IntrospectionAccessTokenSuccessResponse` in field declaration order; null fields
 * (`iss`, `cnf`) are left out. `scope` is the constant "CAS", as CAS writes it.
 */
export function introspectionResponse(token: string, record: TokenRecord | undefined, realmName: string): WireResponse {
  if (!record) return { status: 200, headers: { ...NO_STORE }, body: { token, active: false, scope: 'CAS' } };
  const subject = principalOf(record, undefined);
  return {
    status: 200,
    headers: { ...NO_STORE },
    body: {
      token,
      active: true,
      sub: subject,
      scope: 'CAS',
      iat: record.issuedAt,
      exp: record.expiresAt,
      realmName,
      uniqueSecurityName: subject,
      tokenType: 'bearer',
      aud: serviceOf(record) ?? record.clientId,
      client_id: record.clientId,
      grant_type: record.grantType.toLowerCase(),
    },
  };
}

/** `/oauth2.0/revoke`'s success: an empty JSON object, whether or not the token existed. */
export function revocationResponse(): WireResponse {
  return { status: 200, headers: { ...NO_STORE }, body: {} };
}
