import type { EngineContext } from './context';
import { CoreError } from './errors';
import { isJwtSpec, type Draw, type MintContext } from './formats/format';
import { TokenFormats } from './formats/registry';
import type { Client, Impersonation, TokenKind, TokenRecord, TokenSubject, User } from './model';
import type { TokenPolicy } from './policy';
import { bucketOfId, storageId } from './storage-id';
import type { GrantOwner, TokenPlacement } from './store';
import type { IssuanceClaims } from './claims/issuance';

/** A token handed out: the value for the wire, and what the store keeps of it. */
export interface IssuedToken {
  value: string;
  record: TokenRecord;
}

export interface GrantDraft {
  /** Absent for a new grant: its first token's id becomes the grant id. */
  grantId?: string;
  client: Client;
  subject: TokenSubject;
  user?: User;
  scope: string[];
  grantType: string;
  impersonation?: Impersonation;
  /** The dialect the grant is minted through. */
  dialect?: string;
  extra?: Record<string, unknown>;
  /** Claims of one's own for this response's JWTs (absent when there can be none). */
  customClaims?: IssuanceClaims;
}

/** A draft whose grant id is known (after its first token was minted). */
export type MintedDraft = GrantDraft & { grantId: string };

export function subjectOf(user: User): TokenSubject {
  return { type: 'user', id: user.uid, username: user.username };
}

/** Enough draws that a 64-bucket store is missed with probability e^-156; a format that cannot vary fails loudly. */
const MAX_DRAWS = 10_000;

/** The first draw that falls in `bucket` (any draw starts a new grant, whose id names its bucket). */
function drawPlaced(draw: Draw, placement: TokenPlacement, bucket: number | undefined): string {
  if (placement.buckets === 1 || bucket === undefined) return draw();
  for (let i = 0; i < MAX_DRAWS; i++) {
    const value = draw();
    if (placement.bucketOf(value) === bucket) return value;
  }
  throw new CoreError('server_error', 'no token value of this format fits its grant');
}

/** Mints token values in the policy's formats and builds their records (not yet saved). */
export class TokenMinter {
  private readonly clientKeys = new Map<string, string>();
  /** The formats this engine mints: built-in and registered by dialects. */
  readonly formats = new TokenFormats();

  constructor(private readonly context: EngineContext) {}

  newMintContext(kind: TokenKind): MintContext {
    return { kind, nextSequence: (name) => this.context.sequences.next(name) };
  }

  /** Mints one token of the draft's grant; the first token of a new grant names it (sets `draft.grantId`). */
  async mint(
    kind: TokenKind,
    draft: GrantDraft,
    policy: TokenPolicy,
    ttl: number,
    mintContext: MintContext,
    links: { refreshId?: string; accessTokenJti?: string } = {},
  ): Promise<IssuedToken> {
    mintContext.kind = kind;
    const spec = policy.formats[kind];
    const jwt = isJwtSpec(spec) ? spec : undefined;
    const valueSpec = isJwtSpec(spec) ? spec.jti : spec;
    const prepared = this.formats.get(valueSpec.type).prepare(valueSpec, mintContext);
    const draw = prepared instanceof Promise ? await prepared : prepared;
    const placement = this.context.store.placement;
    const drawn = drawPlaced(draw, placement, draft.grantId === undefined ? undefined : bucketOfId(draft.grantId));
    const id = storageId(drawn, placement, this.context.serverSecret);
    draft.grantId ??= id;
    const issuedAt = this.context.now();
    const expiresAt = issuedAt + ttl;
    let value = drawn;
    const jti = jwt ? drawn : undefined;
    if (jwt) {
      const claims = jwt.claims({
        kind,
        jti: drawn,
        issuer: this.context.settings.issuer,
        clientId: draft.client.clientId,
        subject: draft.subject,
        roles: draft.user?.roles ?? [],
        scope: draft.scope,
        issuedAt,
        expiresAt,
        accessTokenJti: links.accessTokenJti,
        extra: draft.extra ?? {},
        custom: draft.customClaims?.get(),
      });
      const kid = jwt.alg === 'RS256' ? (jwt.key ?? this.context.keys.currentKid) : undefined;
      value = this.context.keys.sign(claims, jwt.alg, jwt.key, jwt.header ? jwt.header(kid) : { typ: 'JWT' });
    }
    const record: TokenRecord = {
      kind,
      id,
      grantId: draft.grantId,
      clientId: draft.client.clientId,
      subject: draft.subject,
      scope: draft.scope,
      grantType: draft.grantType,
      format: spec.type,
      issuedAt,
      expiresAt,
    };
    if (links.refreshId) record.refreshId = links.refreshId;
    if (jti !== undefined) record.jti = jti;
    if ((policy.keepTokenValues || policy.reuseLiveAccessToken) && kind !== 'authorization_code') record.sealed = this.context.serverSecret.seal(value);
    if (draft.impersonation) record.impersonation = draft.impersonation;
    if (draft.dialect !== undefined) record.dialect = draft.dialect;
    if (draft.extra && Object.keys(draft.extra).length > 0) record.extra = draft.extra;
    return { value, record };
  }

  /** Who owns the grant of these records, as its listing indexes know it. */
  ownerOf(record: TokenRecord): GrantOwner {
    const username = record.subject.username;
    const clientKey = this.clientKey(record.clientId);
    return username === undefined ? { clientKey } : { clientKey, userKey: this.userKey(username) };
  }

  /** The keyed hash that names a client's listing indexes (remembered: clients are few). */
  clientKey(clientId: string): string {
    let key = this.clientKeys.get(clientId);
    if (key === undefined) {
      key = this.context.serverSecret.ownerKey('client', clientId);
      if (this.clientKeys.size < 10_000) this.clientKeys.set(clientId, key);
    }
    return key;
  }

  /** The keyed hash that names a user's listing indexes. */
  userKey(username: string): string {
    return this.context.serverSecret.ownerKey('user', username);
  }

  /** Keeps each record a while past expiry, so it can be reported as expired rather than unknown. */
  retain(tokens: IssuedToken[]): TokenRecord[] {
    const memory = this.context.settings.expiredTokenMemorySeconds;
    for (const token of tokens) token.record.retainUntil = token.record.expiresAt + memory;
    return tokens.map((t) => t.record);
  }

  /** Stores the tokens of one grant; a grant revoked meanwhile takes none (`invalid_grant`). */
  async save(tokens: IssuedToken[], options: { lookupKey?: string } = {}): Promise<void> {
    const records = this.retain(tokens);
    const outcome = await this.context.store.saveTokens(this.ownerOf(records[0]), records, options);
    if (outcome === 'revoked') {
      throw new CoreError('invalid_grant', 'the grant was revoked', { reason: 'token_revoked' });
    }
  }
}

const minters = new WeakMap<EngineContext, TokenMinter>();

/** The engine's one minter (it remembers the keyed hashes of client ids). */
export function minterFor(context: EngineContext): TokenMinter {
  let minter = minters.get(context);
  if (!minter) minters.set(context, (minter = new TokenMinter(context)));
  return minter;
}
