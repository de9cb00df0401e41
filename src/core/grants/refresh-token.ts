import type { EngineContext } from '../context';
import { CoreError, type CoreErrorReason } from '../errors';
import type { TokenRecord, User } from '../model';
import type { TokenPolicy } from '../policy';
import { TokenLookup } from '../token-lookup';
import { minterFor, type MintedDraft } from '../token-minter';
import { requireActive } from '../user-auth';
import { requireGrantAllowed } from '../client-auth';
import { mintBundle, resultOf } from './issue';
import type { GrantHandler, TokenRequest, TokenResult } from './types';
import type { TokenFallbacks } from '../fallback';
import { looksLikeJwt } from '../keys/key-ring';
import { RefreshAdoption, type AdoptionRequest, type ClientOf } from './refresh-adoption';

type RefreshFailure = Extract<CoreErrorReason, 'unknown_token' | 'client_mismatch' | 'token_expired' | 'refresh_reused' | 'token_revoked'>;

function isRecord(found: TokenRecord | TokenResult): found is TokenRecord {
  return 'kind' in found;
}

/** `invalid_grant` for the refresh token, with the cause a dialect picks its message by. */
function badRefreshToken(reason: RefreshFailure): CoreError {
  return new CoreError('invalid_grant', 'Invalid refresh token', { reason, parameter: 'refresh_token' });
}

/**
 * Refresh with rotation or reuse, as the policy says. Under rotation the presented token is
 * consumed and its replacements saved in one atomic step; presenting a consumed token again is
 * theft (RFC 6819 §5.2.2.3, OAuth 2.0 Security BCP §4.14.2) and kills the whole family,
 * whatever raced with it.
 */
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';
  private readonly lookup: TokenLookup;
  private readonly adoption?: RefreshAdoption;

  constructor(
    private readonly context: EngineContext,
    fallbacks?: TokenFallbacks,
  ) {
    this.lookup = new TokenLookup(context);
    if (fallbacks) this.adoption = new RefreshAdoption(context, fallbacks);
  }

  /**
   * The stored refresh token, else (with a legacy upstream) the upstream's redemption adopted
   * as a new grant of the gateway's own; null when neither knows it.
   */
  private async findOrAdopt(refreshToken: string, request: AdoptionRequest, policy: TokenPolicy, clientOf: ClientOf): Promise<TokenRecord | TokenResult | null> {
    const record = await this.findStored(refreshToken);
    if (record || !this.adoption?.active) return record;
    const adopted = await this.adoption.adopt(request, refreshToken, policy, clientOf);
    if (adopted === 'none') return null;
    // Another request was adopting this same legacy token: it is spent now, and this is its reuse.
    return adopted === 'raced' ? this.findStored(refreshToken) : adopted;
  }

  /** A legacy JWT names no record by its claims here: an adopted one is found by its keyed hash. */
  private async findStored(refreshToken: string): Promise<TokenRecord | null> {
    const record = await this.lookup.find(refreshToken, 'refresh_token');
    if (record || !this.adoption?.active || !looksLikeJwt(refreshToken)) return record;
    const adopted = await this.context.store.findToken(this.adoption.legacyId(refreshToken));
    return adopted?.kind === 'refresh_token' ? adopted : null;
  }

  async handle(request: TokenRequest, policy: TokenPolicy): Promise<TokenResult> {
    if (!request.refreshToken) {
      throw new CoreError('invalid_request', 'refresh_token is required', { reason: 'missing_parameter', parameter: 'refresh_token' });
    }
    const clientOf: ClientOf = (clientId) => (clientId === request.client.clientId ? request.client : 'client_mismatch');
    const found = await this.findOrAdopt(request.refreshToken, request, policy, clientOf);
    if (!found) throw badRefreshToken('unknown_token');
    if (!isRecord(found)) return found;
    if (found.clientId !== request.client.clientId) throw badRefreshToken('client_mismatch');
    return this.redeem(found, { ...request, refreshToken: request.refreshToken }, policy);
  }

  /**
   * A refresh in which the token speaks for the client it was issued to, for dialects whose
   * vendor refreshes without client authentication (IBPS). One lookup finds token and client.
   */
  async handleForTokenClient(refreshToken: string | undefined, clientIdHint: string | undefined, policy: TokenPolicy, dialect?: string): Promise<TokenResult> {
    if (!refreshToken) {
      throw new CoreError('invalid_request', 'refresh_token is required', { reason: 'missing_parameter', parameter: 'refresh_token' });
    }
    const clientOf: ClientOf = (clientId) => {
      const client = this.context.directory.client(clientId);
      if (!client || (clientIdHint !== undefined && clientIdHint !== clientId)) return 'client_mismatch';
      requireGrantAllowed(client, this.grantType);
      return client;
    };
    const found = await this.findOrAdopt(refreshToken, { dialect }, policy, clientOf);
    if (!found) throw badRefreshToken('unknown_token');
    if (!isRecord(found)) return found;
    const record = found;
    const client = this.context.directory.client(record.clientId);
    if (!client) throw badRefreshToken('unknown_token');
    if (clientIdHint !== undefined && clientIdHint !== record.clientId) throw badRefreshToken('client_mismatch');
    requireGrantAllowed(client, this.grantType);
    return this.redeem(record, { grantType: this.grantType, client, refreshToken, dialect }, policy);
  }

  private async redeem(record: TokenRecord, request: TokenRequest & { refreshToken: string }, policy: TokenPolicy): Promise<TokenResult> {
    if (record.consumedAt !== undefined) return this.reused(record, request.dialect);
    if (record.expiresAt <= this.context.now()) throw badRefreshToken('token_expired');
    const scope = this.narrowScope(request.scope, record.scope);
    const draft: MintedDraft = {
      grantId: record.grantId,
      client: request.client,
      subject: record.subject,
      user: this.currentUser(record),
      scope,
      grantType: record.grantType,
      impersonation: record.impersonation,
      dialect: record.dialect,
      extra: record.extra,
    };
    const minter = minterFor(this.context);
    if (policy.refreshRotation === 'reuse') {
      const { accessToken } = await mintBundle(this.context, draft, policy, { withRefresh: false, dialect: request.dialect });
      accessToken.record.refreshId = record.id;
      await minter.save([accessToken]);
      this.context.events.emit('token_refreshed', { clientId: record.clientId, grantId: record.grantId, rotated: false, dialect: request.dialect });
      return resultOf(draft, accessToken, { value: request.refreshToken, record }, false);
    }
    const { accessToken, refreshToken } = await mintBundle(this.context, draft, policy, { withRefresh: true, dialect: request.dialect });
    const replacements = minter.retain([accessToken, refreshToken!]);
    const outcome = await this.context.store.redeem(minter.ownerOf(record), record.grantId, record.id, this.context.now(), replacements);
    if (outcome.status === 'missing') throw badRefreshToken('unknown_token');
    if (outcome.status === 'revoked') throw badRefreshToken('token_revoked');
    if (outcome.status === 'reused') return this.reported(record, request.dialect);
    this.context.events.emit('token_refreshed', { clientId: record.clientId, grantId: record.grantId, rotated: true, dialect: request.dialect });
    return resultOf(draft, accessToken, refreshToken, true);
  }

  /** A spent token again: the store kills the family (atomically, whatever raced with it). */
  private async reused(record: TokenRecord, dialect: string | undefined): Promise<never> {
    const minter = minterFor(this.context);
    await this.context.store.redeem(minter.ownerOf(record), record.grantId, record.id, this.context.now(), []);
    return this.reported(record, dialect);
  }

  private reported(record: TokenRecord, dialect: string | undefined): never {
    this.context.events.emit('reuse_detected', { clientId: record.clientId, grantId: record.grantId, kind: 'refresh_token', dialect });
    throw badRefreshToken('refresh_reused');
  }

  private narrowScope(requested: string[] | undefined, original: string[]): string[] {
    if (requested === undefined || requested.length === 0) return original;
    const widened = requested.filter((s) => !original.includes(s));
    if (widened.length > 0) {
      throw new CoreError('invalid_scope', `Unable to narrow the scope of the client authentication to ${requested.join(' ')}.`, {
        parameter: 'scope',
        grantedScope: original,
      });
    }
    return requested;
  }

  /** The user must still exist and be active to refresh. */
  private currentUser(record: TokenRecord): User | undefined {
    if (record.subject.type !== 'user') return undefined;
    const user = this.context.directory.userByUid(record.subject.id);
    if (!user) throw badRefreshToken('unknown_token');
    requireActive(user);
    return user;
  }
}
