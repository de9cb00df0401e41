import type { TokenRecord } from './model';

/** RFC 7662 fields for an active token; dialects pick, rename and order what they show. */
export interface Introspection {
  active: true;
  sub: string;
  client_id: string;
  scope: string;
  exp: number;
  iat: number;
  token_type: 'access_token' | 'refresh_token';
  grant_type: string;
  username?: string;
  jti?: string;
  iss: string;
}

export function introspectionOf(record: TokenRecord, issuer: string): Introspection {
  return {
    active: true,
    sub: record.subject.type === 'user' ? (record.subject.username ?? record.subject.id) : record.subject.id,
    client_id: record.clientId,
    scope: record.scope.join(' '),
    exp: record.expiresAt,
    iat: record.issuedAt,
    token_type: record.kind === 'refresh_token' ? 'refresh_token' : 'access_token',
    grant_type: record.grantType,
    ...(record.subject.username !== undefined ? { username: record.subject.username } : {}),
    ...(record.jti !== undefined ? { jti: record.jti } : {}),
    iss: issuer,
  };
}
