import type { EngineContext } from '../context';
import { CoreError } from '../errors';
import type { Client, TokenRecord, User } from '../model';
import type { TokenPolicy } from '../policy';
import { checkChallengeMethod, verifyPkce, type PkceMethod } from '../pkce';
import { grantScope } from '../scope';
import { TokenLookup } from '../token-lookup';
import { minterFor, subjectOf, type IssuedToken, type MintedDraft } from '../token-minter';
import { requireActive } from '../user-auth';
import { requireGrantAllowed } from '../client-auth';
import { mintBundle, reportIssued, resultOf } from './issue';
import type { GrantHandler, TokenRequest, TokenResult } from './types';

export interface CodeRequest {
  client: Client;
  user: User;
  scope?: string[];
  redirectUri?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  /** Dialect data carried to the token response (OIDC `nonce`, CAS `service`, …). */
  extra?: Record<string, unknown>;
  /** The dialect whose authorize endpoint issues the code; its grant keeps it. */
  dialect?: string;
}

/** A code request before a user is known. */
export type AuthorizationCheck = Omit<CodeRequest, 'user' | 'extra'>;

interface CodeExtra {
  redirectUri?: string;
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
  flow?: Record<string, unknown>;
}

function badCode(reason: 'code_reused' | 'redirect_mismatch' | 'unknown_token' | 'client_mismatch' | 'token_expired' | 'token_revoked'): CoreError {
  return new CoreError('invalid_grant', 'Invalid authorization code', { reason, parameter: 'code' });
}

/** Issues single-use codes and exchanges them (RFC 6749 §4.1, RFC 7636). */
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';
  private readonly lookup: TokenLookup;

  constructor(private readonly context: EngineContext) {
    this.lookup = new TokenLookup(context);
  }

  /**
   * Everything about a code request that does not depend on the user, so a browser flow can
   * refuse a bad request before anyone signs in. Returns the scope that would be granted.
   */
  checkRequest(request: AuthorizationCheck, responseType: 'code' | 'token' = 'code'): string[] {
    requireGrantAllowed(request.client, responseType === 'token' ? 'implicit' : this.grantType);
    if (request.redirectUri !== undefined && !request.client.redirectUris.includes(request.redirectUri)) {
      throw new CoreError('invalid_request', 'redirect_uri is not registered for this client', {
        reason: 'redirect_mismatch',
        parameter: 'redirect_uri',
      });
    }
    const scope = grantScope(request.scope, request.client.scopes);
    if (responseType === 'token') return scope;
    if (request.codeChallenge !== undefined) {
      checkChallengeMethod(request.codeChallengeMethod);
    } else if (!request.client.secretHash) {
      throw new CoreError('invalid_request', 'a public client must use PKCE (code_challenge)', { parameter: 'code_challenge' });
    }
    return scope;
  }

  async issueCode(request: CodeRequest, policy: TokenPolicy): Promise<IssuedToken> {
    requireActive(request.user);
    const scope = this.checkRequest(request);
    const codeExtra: CodeExtra = { redirectUri: request.redirectUri, flow: request.extra };
    if (request.codeChallenge !== undefined) {
      codeExtra.codeChallenge = request.codeChallenge;
      codeExtra.codeChallengeMethod = checkChallengeMethod(request.codeChallengeMethod);
    }
    const draft = {
      client: request.client,
      subject: subjectOf(request.user),
      user: request.user,
      scope,
      grantType: this.grantType,
      extra: codeExtra as Record<string, unknown>,
      dialect: request.dialect,
    };
    const minter = minterFor(this.context);
    const code = await minter.mint('authorization_code', draft, policy, policy.codeTtl, minter.newMintContext('authorization_code'));
    await minter.save([code]);
    return code;
  }

  async handle(request: TokenRequest, policy: TokenPolicy): Promise<TokenResult> {
    if (!request.code) throw new CoreError('invalid_request', 'code is required', { reason: 'missing_parameter', parameter: 'code' });
    const record = await this.lookup.find(request.code, 'authorization_code');
    if (!record) throw badCode('unknown_token');
    if (record.clientId !== request.client.clientId) throw badCode('client_mismatch');
    const minter = minterFor(this.context);
    const owner = minter.ownerOf(record);
    const now = this.context.now();
    // RFC 6749 §4.1.2: a code used twice revokes what was issued with it.
    if (record.consumedAt !== undefined) {
      await this.context.store.redeem(owner, record.grantId, record.id, now, []);
      return this.reused(record, request.dialect);
    }
    if (record.expiresAt <= now) throw badCode('token_expired');
    const extra = (record.extra ?? {}) as CodeExtra;
    // A failed check spends the code: it cannot be tried again with another verifier.
    if (extra.redirectUri !== undefined && extra.redirectUri !== request.redirectUri) return this.burn(record, 'redirect_mismatch');
    try {
      if (extra.codeChallenge !== undefined) {
        verifyPkce(extra.codeChallenge, extra.codeChallengeMethod ?? 'plain', request.codeVerifier);
      } else if (request.codeVerifier !== undefined) {
        throw new CoreError('invalid_grant', 'code_verifier sent for a code issued without a challenge', { reason: 'pkce_failed' });
      }
    } catch (error) {
      await this.context.store.redeem(owner, record.grantId, record.id, now, []);
      throw error;
    }
    const user = this.context.directory.userByUid(record.subject.id);
    if (!user) return this.burn(record, 'unknown_token');
    requireActive(user);
    const draft: MintedDraft = {
      grantId: record.grantId,
      client: request.client,
      subject: record.subject,
      user,
      scope: record.scope,
      grantType: this.grantType,
      dialect: record.dialect,
      extra: { ...(extra.flow ?? {}), ...(request.extra ?? {}) },
    };
    const { accessToken, refreshToken } = await mintBundle(this.context, draft, policy, {
      withRefresh: policy.refreshTokenGrants.includes(this.grantType),
      dialect: request.dialect,
    });
    const replacements = minter.retain(refreshToken ? [accessToken, refreshToken] : [accessToken]);
    const outcome = await this.context.store.redeem(owner, record.grantId, record.id, now, replacements);
    if (outcome.status === 'missing') throw badCode('unknown_token');
    if (outcome.status === 'revoked') throw badCode('token_revoked');
    if (outcome.status === 'reused') return this.reused(record, request.dialect);
    reportIssued(this.context, draft, refreshToken !== undefined, request.dialect);
    return resultOf(draft, accessToken, refreshToken, true);
  }

  private reused(record: TokenRecord, dialect: string | undefined): never {
    this.context.events.emit('reuse_detected', { clientId: record.clientId, grantId: record.grantId, kind: 'authorization_code', dialect });
    throw badCode('code_reused');
  }

  /** Spends the code (a second use kills the grant's family) and refuses. */
  private async burn(record: TokenRecord, reason: 'redirect_mismatch' | 'unknown_token'): Promise<never> {
    await this.context.store.redeem(minterFor(this.context).ownerOf(record), record.grantId, record.id, this.context.now(), []);
    throw badCode(reason);
  }
}
