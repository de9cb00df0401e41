import type { EngineContext } from './context';
import { CoreError } from './errors';
import { queryOf } from './listing';
import type { GrantFilter } from './model';
import { minterFor } from './token-minter';

/** What a revocation took: the grants revoked and the live tokens they still held. */
export interface Revocation {
  grants: number;
  tokens: number;
}

/** Grants revoked per listing read when revoking everything of a user or a client. */
const BATCH = 100;

/** Kills every token of a grant and tombstones it; null when the store knows no token of it. */
export async function revokeGrantById(context: EngineContext, grantId: string): Promise<Revocation | null> {
  const records = await context.store.listGrantTokens(grantId);
  if (records.length === 0) return null;
  const [first] = records;
  const tokens = await context.store.revokeGrant(minterFor(context).ownerOf(first), grantId);
  context.events.emit('token_revoked', { clientId: first.clientId, grantId, what: 'grant' });
  return { grants: 1, tokens };
}

/**
 * Revokes every live grant of a user (across clients, so across dialects) or of a client. A
 * revoked grant leaves its listing, so each pass reads the first page again; a grant still
 * listed after its revocation (expiring meanwhile) is stepped over, never retried.
 */
export async function revokeGrants(context: EngineContext, filter: GrantFilter): Promise<Revocation> {
  const query = queryOf(context, requireOwner(filter));
  const attempted = new Set<string>();
  const total: Revocation = { grants: 0, tokens: 0 };
  let offset = 0;
  for (;;) {
    const { grantIds } = await context.store.listGrants(query, { offset, limit: BATCH }, context.now());
    if (grantIds.length === 0) return total;
    const fresh = grantIds.filter((id) => !attempted.has(id));
    if (fresh.length === 0) {
      offset += grantIds.length;
      continue;
    }
    for (const id of fresh) attempted.add(id);
    for (const revoked of await Promise.all(fresh.map((id) => revokeGrantById(context, id)))) {
      if (!revoked) continue;
      total.grants += revoked.grants;
      total.tokens += revoked.tokens;
    }
  }
}

/** How many grants of a user or a client hold a live access or refresh token (read from the listing indexes). */
export async function countGrants(context: EngineContext, filter: GrantFilter): Promise<number> {
  const { total } = await context.store.listGrants(queryOf(context, requireOwner(filter)), { offset: 0, limit: 0 }, context.now());
  return total;
}

/** Live grants of every configured client, and their sum. */
export async function countGrantsByClient(context: EngineContext): Promise<{ total: number; byClient: Record<string, number> }> {
  const clientIds = context.directory.allClients().map((client) => client.clientId);
  const counts = await Promise.all(clientIds.map((clientId) => countGrants(context, { clientId })));
  const byClient: Record<string, number> = {};
  clientIds.forEach((clientId, i) => (byClient[clientId] = counts[i]));
  return { total: counts.reduce((sum, n) => sum + n, 0), byClient };
}

function requireOwner(filter: GrantFilter): GrantFilter {
  if (filter.username === undefined && filter.clientId === undefined) {
    throw new CoreError('invalid_request', 'a username or a client_id is required', { reason: 'missing_parameter' });
  }
  return filter;
}
