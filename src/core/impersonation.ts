import type { EngineContext } from './context';
import { CoreError } from './errors';
import type { TokenPolicy } from './policy';
import { issueBundle, accessTtl } from './grants/issue';
import type { TokenResult } from './grants/types';
import { TokenLookup } from './token-lookup';
import { minterFor, subjectOf } from './token-minter';
import { requireActive } from './user-auth';

export interface ImpersonationResult extends TokenResult {
  /** The admin's own refresh token, to return to later (IBPS `primary_refresh_token`). */
  primaryRefreshToken: string | null;
}

/** An admin's access token becomes a token for another user; the admin's grant is remembered. */
export async function impersonate(
  context: EngineContext,
  adminAccessToken: string | undefined,
  targetUsername: string | undefined,
  policy: TokenPolicy,
  dialect?: string,
): Promise<ImpersonationResult> {
  const lookup = new TokenLookup(context);
  const adminRecord = await lookup.require(adminAccessToken, 'access_token');
  const admin = adminRecord.subject.type === 'user' ? context.directory.userByUid(adminRecord.subject.id) : undefined;
  if (!admin || !admin.roles.includes(context.settings.adminRole)) {
    throw new CoreError('access_denied', 'only an administrator may switch user', { reason: 'not_admin' });
  }
  if (!targetUsername) {
    throw new CoreError('invalid_request', 'username is required', { reason: 'missing_parameter', parameter: 'username' });
  }
  const target = context.directory.userByUsername(targetUsername);
  if (!target) throw new CoreError('invalid_request', 'no such user', { parameter: 'username' });
  requireActive(target);
  const client = context.directory.client(adminRecord.clientId);
  if (!client) throw new CoreError('invalid_client', 'the token\'s client no longer exists', { reason: 'unknown_client' });
  const original = adminRecord.impersonation ?? { username: admin.username, uid: admin.uid, grantId: adminRecord.grantId };
  const result = await issueBundle(
    context,
    {
      client,
      subject: subjectOf(target),
      user: target,
      scope: adminRecord.scope,
      grantType: adminRecord.grantType,
      impersonation: original,
    },
    { ...policy, reuseLiveAccessToken: false },
    { withRefresh: true, dialect },
  );
  return { ...result, primaryRefreshToken: await refreshTokenOf(context, original.grantId) };
}

/** Ends impersonation: the impersonated grant is revoked and the admin gets a fresh access token. */
export async function exitImpersonation(
  context: EngineContext,
  accessToken: string | undefined,
  policy: TokenPolicy,
): Promise<TokenResult> {
  const record = await new TokenLookup(context).require(accessToken, 'access_token');
  if (!record.impersonation) {
    throw new CoreError('invalid_request', 'this token is not impersonating anyone', { reason: 'not_impersonating' });
  }
  const { grantId, uid } = record.impersonation;
  const admin = context.directory.userByUid(uid);
  const client = context.directory.client(record.clientId);
  const adminRecords = await context.store.listGrantTokens(grantId);
  const refresh = adminRecords.find((r) => r.kind === 'refresh_token' && r.consumedAt === undefined && r.expiresAt > context.now());
  if (!admin || !client || !refresh?.sealed) {
    throw new CoreError('invalid_grant', 'the original session has ended; sign in again', { reason: 'unknown_token' });
  }
  requireActive(admin);
  const minter = minterFor(context);
  await context.store.revokeGrant(minter.ownerOf(record), record.grantId);
  const draft = { grantId, client, subject: subjectOf(admin), user: admin, scope: refresh.scope, grantType: refresh.grantType, dialect: refresh.dialect };
  const access = await minter.mint('access_token', draft, policy, accessTtl(draft, policy), minter.newMintContext('access_token'), {
    refreshId: refresh.id,
  });
  await minter.save([access]);
  const refreshValue = context.serverSecret.unseal(refresh.sealed);
  return {
    ...draft,
    accessToken: access,
    refreshToken: refreshValue ? { value: refreshValue, record: refresh } : undefined,
    refreshTokenIsNew: false,
    extra: {},
  };
}

async function refreshTokenOf(context: EngineContext, grantId: string): Promise<string | null> {
  const records = await context.store.listGrantTokens(grantId);
  const refresh = records.find((r) => r.kind === 'refresh_token' && r.consumedAt === undefined && r.expiresAt > context.now());
  return refresh?.sealed ? context.serverSecret.unseal(refresh.sealed) : null;
}
