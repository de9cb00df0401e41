import type { EngineContext } from '../context';
import { CoreError } from '../errors';
import type { TokenPolicy } from '../policy';
import { grantScope } from '../scope';
import { issueBundle } from './issue';
import type { GrantHandler, TokenRequest, TokenResult } from './types';

export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';

  constructor(private readonly context: EngineContext) {}

  async handle(request: TokenRequest, policy: TokenPolicy): Promise<TokenResult> {
    if (!request.client.secretHash) {
      throw new CoreError('unauthorized_client', 'a public client cannot use client_credentials', { reason: 'grant_not_allowed' });
    }
    const scope = grantScope(request.scope, request.client.scopes);
    return issueBundle(
      this.context,
      {
        client: request.client,
        subject: { type: 'client', id: request.client.clientId },
        scope,
        grantType: this.grantType,
        extra: request.extra,
      },
      policy,
      { withRefresh: policy.refreshTokenGrants.includes(this.grantType), dialect: request.dialect },
    );
  }
}
