import type { EngineContext } from '../context';
import { CoreError } from '../errors';
import type { TokenRecord, User } from '../model';
import type { TokenPolicy } from '../policy';
import { TokenLookup } from '../token-lookup';
import { TokenMinter, type GrantDraft } from '../token-minter';
import { requireActive } from '../user-auth';
import { accessTtl, refreshTtl, resultOf } from './issue';
import type { GrantHandler, TokenRequest, TokenResult } from './types';

function badRefreshToken(reason?: 'refresh_reused' | 'unknown_token'): CoreError {
  return new CoreError('invalid_grant', 'Invalid refresh token', { reason: reason ?? 'unknown_token', parameter: 'refresh_token' });
}

/**
 * Refresh with rotation or reuse, as the policy says. Under rotation the presented token is
 * consumed by one atomic compare-and-set; presenting a consumed token again is treated as
 * theft (RFC 6819 §5.2.2.3) and revokes the whole grant.
 */
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';
  private readonly lookup: TokenLookup;
  private readonly minter: TokenMinter;

  constructor(private readonly context: EngineContext) {
    this.lookup = new TokenLookup(context);
    this.minter = new TokenMinter(context);
  }

  async handle(request: TokenRequest, policy: TokenPolicy): Promise<TokenResult> {
    if (!request.refreshToken) {
      throw new CoreError('invalid_request', 'refresh_token is required', { reason: 'missing_parameter', parameter: 'refresh_token' });
    }
    const record = await this.lookup.find(request.refreshToken, 'refresh_token');
    if (!record || record.clientId !== request.client.clientId || record.expiresAt <= this.context.now()) {
      throw badRefreshToken();
    }
    if (record.consumedAt !== undefined) return this.reused(record);
    const scope = this.narrowScope(request.scope, record.scope);
    const user = this.currentUser(record);
    const draft: GrantDraft = {
      grantId: record.grantId,
      client: request.client,
      subject: record.subject,
      user,
      scope,
      grantType: record.grantType,
      impersonation: record.impersonation,
      extra: record.extra,
    };
    if (policy.refreshRotation === 'reuse') {
      const mintContext = this.minter.newMintContext('access_token');
      const accessToken = await this.minter.mint('access_token', draft, policy, accessTtl(draft, policy), mintContext, {
        refreshId: record.id,
      });
      await this.minter.save([accessToken]);
      return resultOf(draft, accessToken, { value: request.refreshToken, record }, false);
    }
    const outcome = await this.context.store.consumeToken(record.grantId, record.id, this.context.now());
    if (outcome.status === 'missing') throw badRefreshToken();
    if (outcome.status === 'already_consumed') return this.reused(record);
    const mintContext = this.minter.newMintContext('access_token');
    const accessToken = await this.minter.mint('access_token', draft, policy, accessTtl(draft, policy), mintContext);
    const refreshToken = await this.minter.mint('refresh_token', draft, policy, refreshTtl(draft, policy), mintContext, {
      accessTokenJti: accessToken.record.jti,
    });
    accessToken.record.refreshId = refreshToken.record.id;
    await this.minter.save([accessToken, refreshToken]);
    return resultOf(draft, accessToken, refreshToken, true);
  }

  private async reused(record: TokenRecord): Promise<never> {
    await this.context.store.revokeGrant(record.grantId);
    throw badRefreshToken('refresh_reused');
  }

  private narrowScope(requested: string[] | undefined, original: string[]): string[] {
    if (requested === undefined || requested.length === 0) return original;
    const widened = requested.filter((s) => !original.includes(s));
    if (widened.length > 0) {
      throw new CoreError('invalid_scope', `Unable to narrow the scope of the client authentication to ${requested.join(' ')}.`, {
        parameter: 'scope',
      });
    }
    return requested;
  }

  /** The user must still exist and be active to refresh. */
  private currentUser(record: TokenRecord): User | undefined {
    if (record.subject.type !== 'user') return undefined;
    const user = this.context.directory.userByUid(record.subject.id);
    if (!user) throw badRefreshToken();
    requireActive(user);
    return user;
  }
}
