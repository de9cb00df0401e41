import type { JwtClaimsInput, Client, TokenRecord, User } from '../../../src/core';
import type { SpringSettings } from '../config';
import { JavaHashMap, springAuthorities } from '../../kit/jvm';

/** What a client's `settings.spring` may say: its own authorities and its resource ids (`aud`). */
export interface SpringClientSettings {
  authorities: string[];
  resourceIds: string[];
}

export function springClientSettings(client: Client | undefined): SpringClientSettings {
  const own = (client?.settings.spring ?? {}) as { authorities?: unknown; resource_ids?: unknown };
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return { authorities: strings(own.authorities), resourceIds: strings(own.resource_ids) };
}

interface ConvertInput {
  username?: string;
  userAuthorities: string[];
  client: SpringClientSettings;
  clientId: string;
  scope: string[];
  jti?: string;
  exp: number;
  /** `additionalInformation` in its LinkedHashMap order (extra claims, then `jti`, then `ati`). */
  additional: Array<[string, unknown]>;
}

/**
 * `DefaultAccessTokenConverter.convertAccessToken`, put for put, into a Java HashMap: the
 * claim order of the JWT and of the check_token answer is that map's iteration order.
 */
function convertAccessToken(input: ConvertInput, settings: SpringSettings): JavaHashMap {
  const map = new JavaHashMap();
  if (input.username !== undefined) {
    // DefaultUserAuthenticationConverter: a LinkedHashMap put whole into the empty HashMap.
    const user: Array<[string, unknown]> = [[settings.jwt?.userClaimName ?? 'user_name', input.username]];
    if (input.userAuthorities.length > 0) user.push(['authorities', input.userAuthorities]);
    map.putAll(user);
  } else if (input.client.authorities.length > 0) {
    map.put('authorities', input.client.authorities);
  }
  map.put('scope', input.scope);
  if (input.jti !== undefined) map.put('jti', input.jti);
  map.put('exp', input.exp);
  map.putAll(input.additional);
  map.put('client_id', input.clientId);
  if (input.client.resourceIds.length > 0) map.put('aud', input.client.resourceIds);
  return map;
}

/**
 * Claims of an access or refresh JWT, as `JwtAccessTokenConverter.enhance` writes them. Claims
 * of one's own are what an enhancer earlier in the chain puts in `additionalInformation`: after
 * the extra claims, before `jti`, all merged into the converter's HashMap (so placed by hash).
 */
export function jwtClaims(input: JwtClaimsInput, settings: SpringSettings, client: Client | undefined): Record<string, unknown> {
  // A LinkedHashMap: a claim of one's own named like an extra claim takes its place; a renamed user claim stays Spring's.
  const userClaim = settings.jwt?.userClaimName ?? 'user_name';
  const additional: Array<[string, unknown]> = input.custom
    ? [...new Map([...Object.entries(settings.extraClaims), ...Object.entries(input.custom).filter(([name]) => name !== userClaim)])]
    : Object.entries(settings.extraClaims);
  additional.push(['jti', input.jti]);
  if (input.kind === 'refresh_token' && input.accessTokenJti !== undefined) additional.push(['ati', input.accessTokenJti]);
  return convertAccessToken(
    {
      username: input.subject.type === 'user' ? input.subject.username : undefined,
      userAuthorities: springAuthorities(input.roles, settings.rolePrefix),
      client: springClientSettings(client),
      clientId: input.clientId,
      scope: input.scope,
      jti: input.jti,
      exp: input.expiresAt,
      additional,
    },
    settings,
  ).toObject();
}

/**
 * `CheckTokenEndpoint`: the converter's map of a live access token plus `active: true`,
 * built from the engine's record so a token minted by any dialect answers alike.
 */
export function checkTokenClaims(record: TokenRecord, user: User | undefined, client: Client | undefined, settings: SpringSettings): Record<string, unknown> {
  const username = record.subject.type === 'user' ? (user?.username ?? record.subject.username ?? record.subject.id) : undefined;
  const userAuthorities = user ? springAuthorities(user.roles, settings.rolePrefix) : [];
  const clientSettings = springClientSettings(client);
  const extra = Object.entries(settings.extraClaims);
  // A JWT is read back by JwtTokenStore: every claim but exp, aud, client_id and scope becomes
  // additional information again, which only matters for the HashMap's pre-sizing.
  const additional: Array<[string, unknown]> = [];
  if (record.jti !== undefined) {
    if (username !== undefined) additional.push([settings.jwt?.userClaimName ?? 'user_name', username]);
    const authorities = username !== undefined ? userAuthorities : clientSettings.authorities;
    if (authorities.length > 0) additional.push(['authorities', authorities]);
    additional.push(['jti', record.jti]);
  }
  additional.push(...extra);
  const map = convertAccessToken(
    { username, userAuthorities, client: clientSettings, clientId: record.clientId, scope: record.scope, jti: record.jti, exp: record.expiresAt, additional },
    settings,
  );
  return map.put('active', true).toObject();
}
