import type { TokenKind, TokenRecord } from '../../core/model';

/**
 * A token record as a compact JSON array, since Redis memory per live token is the cost of
 * the gateway at scale: positional fields, common values as small numbers, fields equal to
 * what the key already says left out.
 *
 *   [kind, grantId|0, clientId, uid|0, username|0, scope, grantType, format, iat, lifetime, rare?]
 *
 * `grantId` is 0 when the token is its grant's first (the grant id is the token id), `uid` 0
 * when the subject is the client itself. Once a single-use token is consumed, the script
 * appends "\n" and the time: JSON never holds a raw newline, so the suffix cannot be forged.
 */

const KINDS: Record<TokenKind, string> = { access_token: 'a', refresh_token: 'r', authorization_code: 'c' };
const KIND_OF: Record<string, TokenKind> = { a: 'access_token', r: 'refresh_token', c: 'authorization_code' };
const GRANT_TYPES = ['client_credentials', 'password', 'authorization_code', 'refresh_token', 'implicit'];
/** The built-in formats as small numbers; a registered format's type is kept as its name. */
const FORMATS = ['opaque', 'jwt', 'uuid'];

/** Optional fields, kept under one-letter names only when present. */
const RARE_FIELDS = [
  ['refreshId', 'r'],
  ['jti', 'j'],
  ['sealed', 's'],
  ['impersonation', 'i'],
  ['extra', 'x'],
  ['dialect', 'd'],
] as const satisfies ReadonlyArray<readonly [keyof TokenRecord, string]>;

/** The rare fields by their short names, and `c`: the subject is a client other than the token's. */
type Rare = Partial<Record<(typeof RARE_FIELDS)[number][1], unknown>> & { c?: 1 };

type Encoded = [string, string | 0, string, string | 0, string | 0, string, number | string, number | string, number, number, Rare?];

const code = (table: string[], value: string): number | string => {
  const index = table.indexOf(value);
  return index >= 0 ? index : value;
};
const decodeCode = (table: string[], value: number | string): string => (typeof value === 'number' ? table[value] : value);

export function encodeRecord(record: TokenRecord): string {
  const subjectIsClient = record.subject.type === 'client' && record.subject.id === record.clientId;
  const encoded: Encoded = [
    KINDS[record.kind],
    record.grantId === record.id ? 0 : record.grantId,
    record.clientId,
    subjectIsClient ? 0 : record.subject.id,
    record.subject.username ?? 0,
    record.scope.join(' '),
    code(GRANT_TYPES, record.grantType),
    code(FORMATS, record.format),
    record.issuedAt,
    record.expiresAt - record.issuedAt,
  ];
  const rare: Record<string, unknown> = {};
  for (const [field, short] of RARE_FIELDS) if (record[field] !== undefined) rare[short] = record[field];
  if (record.subject.type === 'client' && !subjectIsClient) rare.c = 1;
  if (Object.keys(rare).length > 0) encoded.push(rare);
  const json = JSON.stringify(encoded);
  // Saved already spent (an adopted legacy refresh token): the same suffix the redeem script writes.
  return record.consumedAt === undefined ? json : `${json}\n${record.consumedAt}`;
}

export function decodeRecord(id: string, stored: string): TokenRecord {
  const newline = stored.indexOf('\n');
  const json = newline < 0 ? stored : stored.slice(0, newline);
  const [kind, grantId, clientId, uid, username, scope, grantType, format, issuedAt, lifetime, rare] = JSON.parse(json) as Encoded;
  const record: TokenRecord = {
    kind: KIND_OF[kind],
    id,
    grantId: grantId === 0 ? id : grantId,
    clientId,
    subject:
      uid === 0 ? { type: 'client', id: clientId } : rare?.c ? { type: 'client', id: uid } : username === 0 ? { type: 'user', id: uid } : { type: 'user', id: uid, username },
    scope: scope === '' ? [] : scope.split(' '),
    grantType: decodeCode(GRANT_TYPES, grantType),
    format: decodeCode(FORMATS, format),
    issuedAt,
    expiresAt: issuedAt + lifetime,
  };
  if (rare) {
    const fields = record as unknown as Record<string, unknown>;
    for (const [field, short] of RARE_FIELDS) if (rare[short] !== undefined) fields[field] = rare[short];
  }
  if (newline >= 0) record.consumedAt = Number(stored.slice(newline + 1));
  return record;
}
