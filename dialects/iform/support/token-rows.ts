import type { TokenEngine, ListedGrant, ListedToken } from '../../../src/core';
import { matches, sortRows, type ApiQuery } from './api-request';

/** One row of the IBPS token store view (`platform/auth/token`), keys in the vendor's order. */
export interface TokenRow {
  [field: string]: unknown;
  accessToken: string | null;
  refreshToken: string | null;
  identity: string;
  identityType: 'user' | 'client';
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  accessTokenTtlDate: string | null;
  refreshTokenTtlDate: string | null;
}

export const ROW_FIELDS = [
  'accessToken',
  'refreshToken',
  'identity',
  'identityType',
  'accessTokenTtlSeconds',
  'refreshTokenTtlSeconds',
  'accessTokenTtlDate',
  'refreshTokenTtlDate',
] as const;
export const DATE_FIELDS = ['accessTokenTtlDate', 'refreshTokenTtlDate'] as const;

/**
 * A grant as one row, keyed by its refresh token: the newest live refresh token and the
 * newest live access token issued with it (`accessToken` is null once that one has expired).
 * Grants without a refresh token (client_credentials minted elsewhere) show their access token.
 */
export function rowOf(grant: ListedGrant, formatDate: (epochSeconds: number) => string): TokenRow {
  const refresh = grant.tokens.find((t) => t.kind === 'refresh_token');
  const accessTokens = grant.tokens.filter((t) => t.kind === 'access_token');
  const access = refresh ? accessTokens.find((t) => t.record.refreshId === refresh.record.id) : accessTokens[0];
  const seconds = (token: ListedToken | undefined) => (token ? token.expiresIn : null);
  const date = (token: ListedToken | undefined) => (token ? formatDate(token.expiresAt) : null);
  return {
    accessToken: access?.value ?? null,
    refreshToken: refresh?.value ?? null,
    identity: grant.subject.type === 'user' ? (grant.subject.username ?? grant.subject.id) : grant.subject.id,
    identityType: grant.subject.type,
    accessTokenTtlSeconds: seconds(access),
    refreshTokenTtlSeconds: seconds(refresh),
    accessTokenTtlDate: date(access),
    refreshTokenTtlDate: date(refresh),
  };
}

export interface RowPage {
  rows: TokenRow[];
  total: number;
}

const SCAN_CHUNK = 200;

/** The dialect a grant was minted through (every token of a grant shares it). */
export function dialectOf(grant: ListedGrant): string | undefined {
  return grant.tokens[0]?.record.dialect;
}

/**
 * Live grants as rows, one page of them. Without filters or sorts, over every dialect's grants,
 * the store pages (newest expiry first); otherwise every live grant (up to `scanLimit`) is read,
 * then kept to `onlyDialect`'s, filtered, sorted and paged here.
 */
export async function queryRows(
  engine: TokenEngine,
  query: ApiQuery,
  formatDate: (epochSeconds: number) => string,
  scanLimit: number,
  onlyDialect?: string,
): Promise<RowPage & { truncated: boolean }> {
  const offset = (query.page - 1) * query.limit;
  if (query.filters.length === 0 && query.sorts.length === 0 && onlyDialect === undefined) {
    const listing = await engine.listGrants({}, { offset, limit: query.limit });
    return { rows: listing.grants.map((g) => rowOf(g, formatDate)), total: listing.total, truncated: false };
  }
  const rows: TokenRow[] = [];
  let total = Infinity;
  for (let read = 0; read < Math.min(total, scanLimit); read += SCAN_CHUNK) {
    const listing = await engine.listGrants({}, { offset: read, limit: Math.min(SCAN_CHUNK, scanLimit - read) });
    total = listing.total;
    for (const grant of listing.grants) {
      if (onlyDialect !== undefined && dialectOf(grant) !== onlyDialect) continue;
      const row = rowOf(grant, formatDate);
      if (matches(row, query.filters)) rows.push(row);
    }
    if (listing.grants.length === 0) break;
  }
  const sorted = sortRows(rows, query.sorts);
  return { rows: sorted.slice(offset, offset + query.limit), total: sorted.length, truncated: total > scanLimit };
}
