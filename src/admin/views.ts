import type { ListedGrant } from '../core/listing';
import type { Revocation } from '../core/admin';

/** A grant as the admin API shows it: who, which client and dialect, its live tokens' times; never a token value. */
export function grantView(grant: ListedGrant): Record<string, unknown> {
  const newest = grant.tokens[0].record;
  const subject: Record<string, string> = { type: grant.subject.type, id: grant.subject.id };
  if (grant.subject.username !== undefined) subject.username = grant.subject.username;
  return {
    grant_id: grant.grantId,
    dialect: newest.dialect ?? null,
    client_id: grant.clientId,
    subject,
    scope: newest.scope.join(' '),
    grant_type: grant.grantType,
    ...(newest.impersonation ? { impersonated_by: newest.impersonation.username } : {}),
    tokens: grant.tokens.map((token) => ({ kind: token.kind, issued_at: token.issuedAt, expires_at: token.expiresAt, expires_in: token.expiresIn })),
  };
}

export function revocationView(revocation: Revocation): Record<string, number> {
  return { revoked: revocation.grants, tokens: revocation.tokens };
}
