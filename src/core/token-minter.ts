import { randomBytes } from 'node:crypto';
import type { EngineContext } from './context';
import type { Client, Impersonation, TokenKind, TokenRecord, TokenSubject, User } from './model';
import type { TokenPolicy } from './policy';
import type { FormatSpec, MintContext } from './formats/format';
import { mintNonJwt } from './formats/random-formats';

/** A token handed out: the value for the wire, and what the store keeps of it. */
export interface IssuedToken {
  value: string;
  record: TokenRecord;
}

export interface GrantDraft {
  grantId: string;
  client: Client;
  subject: TokenSubject;
  user?: User;
  scope: string[];
  grantType: string;
  impersonation?: Impersonation;
  extra?: Record<string, unknown>;
}

export function newGrantId(): string {
  return randomBytes(16).toString('base64url');
}

export function subjectOf(user: User): TokenSubject {
  return { type: 'user', id: user.uid, username: user.username };
}

/** Mints token values in the policy's formats and builds their records (not yet saved). */
export class TokenMinter {
  constructor(private readonly context: EngineContext) {}

  newMintContext(kind: TokenKind): MintContext {
    return { kind, nextSequence: (name) => this.context.store.nextSequence(name) };
  }

  async mint(
    kind: TokenKind,
    draft: GrantDraft,
    policy: TokenPolicy,
    ttl: number,
    mintContext: MintContext,
    links: { refreshId?: string; accessTokenJti?: string } = {},
  ): Promise<IssuedToken> {
    mintContext.kind = kind;
    const spec: FormatSpec = policy.formats[kind];
    const issuedAt = this.context.now();
    const expiresAt = issuedAt + ttl;
    let value: string;
    let jti: string | undefined;
    if (spec.type === 'jwt') {
      jti = await mintNonJwt(spec.jti, mintContext);
      const claims = spec.claims({
        kind,
        jti,
        issuer: this.context.settings.issuer,
        clientId: draft.client.clientId,
        subject: draft.subject,
        roles: draft.user?.roles ?? [],
        scope: draft.scope,
        issuedAt,
        expiresAt,
        accessTokenJti: links.accessTokenJti,
        extra: draft.extra ?? {},
      });
      const kid = spec.alg === 'RS256' ? (spec.key ?? this.context.keys.currentKid) : undefined;
      value = this.context.keys.sign(claims, spec.alg, spec.key, spec.header ? spec.header(kid) : { typ: 'JWT' });
    } else {
      value = await mintNonJwt(spec, mintContext);
    }
    const record: TokenRecord = {
      kind,
      id: this.context.serverSecret.tokenId(jti ?? value),
      grantId: draft.grantId,
      clientId: draft.client.clientId,
      subject: draft.subject,
      scope: draft.scope,
      grantType: draft.grantType,
      format: spec.type,
      issuedAt,
      expiresAt,
      ...(links.refreshId ? { refreshId: links.refreshId } : {}),
      ...(jti ? { jti } : {}),
      ...(kind === 'authorization_code' ? {} : { sealed: this.context.serverSecret.seal(value) }),
      ...(draft.impersonation ? { impersonation: draft.impersonation } : {}),
      ...(draft.extra && Object.keys(draft.extra).length > 0 ? { extra: draft.extra } : {}),
    };
    return { value, record };
  }

  /** Stores records, keeping each one a while past expiry so it can be reported as expired. */
  async save(tokens: IssuedToken[]): Promise<void> {
    const memory = this.context.settings.expiredTokenMemorySeconds;
    for (const token of tokens) token.record.retainUntil = token.record.expiresAt + memory;
    await this.context.store.saveTokens(tokens.map((t) => t.record));
  }
}
