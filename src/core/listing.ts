import type { EngineContext } from './context';
import type { GrantFilter, Page, TokenKind, TokenRecord, TokenSubject } from './model';
import type { GrantQuery } from './store';
import { minterFor } from './token-minter';

export interface ListedToken {
  kind: TokenKind;
  /** The token value, unsealed; null when it cannot be shown (codes, another server secret). */
  value: string | null;
  issuedAt: number;
  expiresAt: number;
  /** Seconds left, as the store's TTL would say. */
  expiresIn: number;
  record: TokenRecord;
}

export interface ListedGrant {
  grantId: string;
  clientId: string;
  subject: TokenSubject;
  grantType: string;
  /** Live access and refresh tokens, newest first. */
  tokens: ListedToken[];
}

export interface GrantListing {
  total: number;
  grants: ListedGrant[];
}

/** Pages through grants that still hold a live token (the iform token store view). */
export async function listGrants(context: EngineContext, filter: GrantFilter, page: Page): Promise<GrantListing> {
  const now = context.now();
  const found = await context.store.listGrants(queryOf(context, filter), page, now);
  const grants = await Promise.all(found.grantIds.map((grantId) => listedGrant(context, grantId, now)));
  return { total: found.total, grants: grants.filter((grant): grant is ListedGrant => grant !== null) };
}

/** One grant with its live access and refresh tokens; null when it holds none. */
export async function listedGrant(context: EngineContext, grantId: string, now = context.now()): Promise<ListedGrant | null> {
  const records = (await context.store.listGrantTokens(grantId))
    .filter((r) => r.kind !== 'authorization_code' && r.expiresAt > now && r.consumedAt === undefined)
    .sort((a, b) => b.issuedAt - a.issuedAt);
  if (records.length === 0) return null;
  return {
    grantId,
    clientId: records[0].clientId,
    subject: records[0].subject,
    grantType: records[0].grantType,
    tokens: records.map((record) => ({
      kind: record.kind,
      value: record.sealed ? context.serverSecret.unseal(record.sealed) : null,
      issuedAt: record.issuedAt,
      expiresAt: record.expiresAt,
      expiresIn: Math.max(0, record.expiresAt - now),
      record,
    })),
  };
}

/** The store's query for a filter: without a client or user, every client the directory knows. */
export function queryOf(context: EngineContext, filter: GrantFilter): GrantQuery {
  const minter = minterFor(context);
  if (filter.username !== undefined) {
    return { userKey: minter.userKey(filter.username), ...(filter.clientId !== undefined ? { clientKey: minter.clientKey(filter.clientId) } : {}) };
  }
  const clientIds = filter.clientId !== undefined ? [filter.clientId] : context.directory.allClients().map((c) => c.clientId);
  return { clientKeys: clientIds.map((id) => minter.clientKey(id)) };
}
