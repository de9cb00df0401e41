import type { EngineContext } from '../context';
import { CoreError } from '../errors';
import type { AdoptionRefusal } from '../events';
import { EXTERNAL_FORMAT, UpstreamRelay, type ExternalToken, type TokenFallback, type TokenFallbacks } from '../fallback';
import type { Client, TokenRecord, TokenSubject, User } from '../model';
import type { TokenPolicy } from '../policy';
import { grantScope } from '../scope';
import { storageId } from '../storage-id';
import { minterFor, type MintedDraft } from '../token-minter';
import { mintBundle, refreshTtl, resultOf } from './issue';
import type { TokenResult } from './types';

/** What the refresh request said beyond the token: the door, a narrowed scope, the HTTP request it came on. */
export interface AdoptionRequest {
  dialect?: string;
  /** The client the request is for, when it authenticated (a public one presents no secret). */
  client?: Client;
  scope?: string[];
  origin?: object;
}

/** The local client an upstream's answer names, or why it is not acceptable. */
export type ClientOf = (clientId: string) => Client | AdoptionRefusal;

/** `none`: no upstream of this dialect redeems refresh tokens; `raced`: the same token is being adopted by another request. */
export type AdoptionOutcome = TokenResult | 'none' | 'raced';

/** How long a claim on a legacy token outlives a process that died adopting it (the spent record takes over once saved). */
const CLAIM_SECONDS = 60;

/**
 * A refresh token the store does not hold, redeemed at the upstream of the dialect it came
 * through. On success the gateway mints a grant of its own for the local user and client, so
 * the client moves onto the gateway's tokens at its next refresh.
 *
 * The legacy token is kept as the new grant's first refresh token, already spent, under its
 * keyed hash: the grant is named by it, so presenting the legacy token again is reuse (the
 * family dies and stays revoked), never a second adoption.
 */
export class RefreshAdoption {
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly context: EngineContext,
    private readonly fallbacks: TokenFallbacks,
  ) {}

  /** True once some dialect's upstream redeems refresh tokens. */
  get active(): boolean {
    return this.fallbacks.redeemsRefresh;
  }

  /** The id the adopted grant would have, for a legacy token whose value the lookup cannot name (another issuer's JWT). */
  legacyId(refreshToken: string): string {
    return storageId(refreshToken, this.context.store.placement, this.context.serverSecret);
  }

  async adopt(request: AdoptionRequest, refreshToken: string, policy: TokenPolicy, clientOf: ClientOf): Promise<AdoptionOutcome> {
    const fallback = this.fallbacks.named(request.dialect);
    if (!fallback?.redeemRefresh || refreshToken.length > 8192) return 'none';
    const id = this.legacyId(refreshToken);
    // The same legacy token twice at once: the second waits, then finds the spent token.
    const earlier = this.pending.get(id);
    if (earlier) {
      await earlier.catch(() => undefined);
      return 'raced';
    }
    const work = this.claimed(id, fallback.relaysRefresh === true, () => this.redeemUpstream(fallback.name, fallback.redeemRefresh!.bind(fallback), request, refreshToken, id, policy, clientOf));
    this.pending.set(id, work);
    try {
      return await work;
    } finally {
      this.pending.delete(id);
    }
  }

  /**
   * Another process may be adopting the same legacy token (an upstream that does not rotate
   * refresh tokens would redeem it for both): the first to claim it in the store goes on, the
   * other is a duplicate. A claim that led nowhere is let go, so the client's retry can adopt.
   */
  private async claimed(id: string, relaying: boolean, adopt: () => Promise<TokenResult>): Promise<TokenResult | 'raced'> {
    if (relaying) return adopt();
    const claim = `adoption:${id}`;
    if (!(await this.context.store.putValueIfAbsent(claim, '1', CLAIM_SECONDS))) return 'raced';
    try {
      return await adopt();
    } catch (error) {
      await this.context.store.deleteValue(claim).catch(() => undefined);
      throw error;
    }
  }

  private async redeemUpstream(
    upstream: string,
    redeem: NonNullable<TokenFallback['redeemRefresh']>,
    request: AdoptionRequest,
    refreshToken: string,
    id: string,
    policy: TokenPolicy,
    clientOf: ClientOf,
  ): Promise<TokenResult> {
    const presented = this.fallbacks.presentedBy(request.origin) ?? (request.client ? { clientId: request.client.clientId, method: 'none' as const } : undefined);
    const redemption = await redeem(refreshToken, presented).catch(() => undefined);
    const presentedId = presented?.clientId ?? '';
    if (!redemption) this.refuse(upstream, presentedId, 'unknown_upstream');
    if ('unavailable' in redemption) {
      // No answer is no verdict: a client told invalid_grant would drop a token that may be good.
      this.context.events.emit('refresh_adoption', { dialect: upstream, outcome: 'refused', reason: 'upstream_unavailable', clientId: presentedId });
      throw new CoreError('server_unavailable', `the ${upstream} upstream did not answer`);
    }
    if ('relay' in redemption) {
      this.context.events.emit('refresh_adoption', { dialect: upstream, outcome: 'relayed', clientId: presentedId });
      throw new UpstreamRelay(redemption.relay);
    }
    const external = redemption.adopt;
    const clientId = external.clientId;
    const client = clientOf(clientId);
    if (typeof client === 'string') this.refuse(upstream, clientId, client);
    const user = this.localUser(upstream, clientId, external);
    const subject: TokenSubject = user ? { type: 'user', id: user.uid, username: user.username } : { type: 'client', id: client.clientId };
    // The upstream's grant, as far as the client may have it here; a refresh may narrow it, never widen it.
    const granted = external.scope.filter((scope) => client.scopes.includes(scope));
    const draft: MintedDraft = {
      grantId: id,
      client,
      subject,
      user,
      scope: grantScope(request.scope, granted.length > 0 ? granted : client.scopes),
      grantType: external.grantType ?? (user ? 'password' : 'client_credentials'),
      dialect: upstream,
      extra: { adoptedFrom: upstream },
    };
    const now = this.context.now();
    const spent: TokenRecord = {
      kind: 'refresh_token',
      id,
      grantId: id,
      clientId: client.clientId,
      subject,
      scope: draft.scope,
      grantType: draft.grantType,
      format: EXTERNAL_FORMAT,
      issuedAt: now,
      expiresAt: now + refreshTtl(draft, policy),
      consumedAt: now,
      dialect: upstream,
      extra: { adoptedFrom: upstream },
    };
    const { accessToken, refreshToken: newRefresh } = await mintBundle(this.context, draft, policy, { withRefresh: true, dialect: request.dialect });
    const minter = minterFor(this.context);
    const outcome = await this.context.store.saveTokens(minter.ownerOf(spent), [...minter.retain([{ value: '', record: spent }]), ...minter.retain([accessToken, newRefresh!])]);
    // The grant this legacy token names was adopted and then killed by its reuse: it stays dead.
    if (outcome === 'revoked') this.refuse(upstream, clientId, 'replayed');
    this.context.events.emit('token_refreshed', { clientId, grantId: id, rotated: true, dialect: request.dialect });
    this.context.events.emit('refresh_adoption', { dialect: upstream, outcome: 'adopted', clientId, grantId: id });
    return resultOf(draft, accessToken, newRefresh, true);
  }

  /** Adoption needs the upstream's user here too (the import brings them): the gateway cannot mint for a stranger. */
  private localUser(upstream: string, clientId: string, external: ExternalToken): User | undefined {
    if (external.username === undefined) return undefined;
    const user = this.context.directory.userByUsername(external.username);
    if (!user) this.refuse(upstream, clientId, 'unknown_user');
    if (user.status !== 'active') this.refuse(upstream, clientId, 'inactive_user');
    return user;
  }

  private refuse(dialect: string, clientId: string, reason: AdoptionRefusal): never {
    this.context.events.emit('refresh_adoption', { dialect, outcome: 'refused', reason, clientId });
    throw new CoreError('invalid_grant', 'Invalid refresh token', { reason: reason === 'replayed' ? 'token_revoked' : 'unknown_token', parameter: 'refresh_token' });
  }
}
