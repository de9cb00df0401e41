import type { TokenRequest, TokenPolicy, Client } from '../../../src/core';
import { rfcGrantFields } from '..';

/** The grant types Spring Security OAuth2's `CompositeTokenGranter` knows at its token endpoint. */
export const SPRING_TOKEN_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'password'];

/** A refusal of `DefaultOAuth2RequestValidator.validateScope`; `invalid` names the scope the client lacks. */
export interface ScopeRefusal {
  message: string;
  invalid?: string;
}

/** `DefaultOAuth2RequestValidator.validateScope`: a client with no registered scope accepts any, but not none. */
export function springScopeRefusal(scope: readonly string[], client: Client): ScopeRefusal | undefined {
  if (client.scopes.length > 0) {
    const invalid = scope.find((s) => !client.scopes.includes(s));
    if (invalid !== undefined) return { message: `Invalid scope: ${invalid}`, invalid };
  }
  if (scope.length === 0) return { message: 'Empty scope (either the client or the user is not allowed the requested scopes)' };
  return undefined;
}

/** Refresh tokens go only to clients whose grant types include `refresh_token` (`ClientDetails`). */
export function springPolicyFor(client: Client, policies: { withRefresh: TokenPolicy; withoutRefresh: TokenPolicy }): TokenPolicy {
  return client.grantTypes.includes('refresh_token') ? policies.withRefresh : policies.withoutRefresh;
}

/** Roles as Spring `GrantedAuthority` names (`hasRole`): `admin` → `ROLE_ADMIN`; a role already prefixed stays. */
export function springAuthorities(roles: readonly string[], prefix = 'ROLE_'): string[] {
  return roles.map((role) => (prefix && role.startsWith(prefix) ? role : `${prefix}${role.toUpperCase()}`));
}

/** What the token endpoint hands its granter, shared by Spring Security OAuth2 and its MaxKey fork. */
export function springTokenRequest(grantType: string, client: Client, requested: string[], params: Record<string, string>): TokenRequest {
  // The code's scope was fixed at the authorize step; a refresh narrows only to what it names.
  const scope = grantType === 'authorization_code' ? undefined : requested.length > 0 ? requested : grantType === 'refresh_token' ? undefined : client.scopes;
  return { grantType, client, scope, ...rfcGrantFields(params) };
}
