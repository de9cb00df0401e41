import type { EngineContext } from '../context';
import type { TokenPolicy } from '../policy';
import { grantScope } from '../scope';
import { subjectOf } from '../token-minter';
import { authenticateUser } from '../user-auth';
import { issueBundle } from './issue';
import type { GrantHandler, TokenRequest, TokenResult } from './types';

export class PasswordGrant implements GrantHandler {
  readonly grantType = 'password';

  constructor(private readonly context: EngineContext) {}

  async handle(request: TokenRequest, policy: TokenPolicy): Promise<TokenResult> {
    const scope = grantScope(request.scope, request.client.scopes);
    const user = await authenticateUser(this.context, request.username, request.password, policy.userIdentifiers, request.origin);
    return issueBundle(
      this.context,
      { client: request.client, subject: subjectOf(user), user, scope, grantType: this.grantType, extra: request.extra },
      policy,
      { withRefresh: policy.refreshTokenGrants.includes(this.grantType), dialect: request.dialect },
    );
  }
}
