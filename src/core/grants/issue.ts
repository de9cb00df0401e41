import type { EngineContext } from '../context';
import type { TokenRecord } from '../model';
import type { TokenPolicy } from '../policy';
import { TokenMinter, type GrantDraft, type IssuedToken } from '../token-minter';
import type { TokenResult } from './types';

export function accessTtl(draft: GrantDraft, policy: TokenPolicy): number {
  return draft.client.accessTokenTtl ?? policy.accessTokenTtl;
}

export function refreshTtl(draft: GrantDraft, policy: TokenPolicy): number {
  return draft.client.refreshTokenTtl ?? policy.refreshTokenTtl;
}

/** Mints and stores an access token (and a refresh token when the policy gives one). */
export async function issueBundle(
  context: EngineContext,
  draft: GrantDraft,
  policy: TokenPolicy,
  options: { withRefresh: boolean },
): Promise<TokenResult> {
  if (policy.reuseLiveAccessToken) {
    const live = await findLiveBundle(context, draft);
    if (live) return live;
  }
  const minter = new TokenMinter(context);
  const mintContext = minter.newMintContext('access_token');
  const accessToken = await minter.mint('access_token', draft, policy, accessTtl(draft, policy), mintContext);
  let refreshToken: IssuedToken | undefined;
  if (options.withRefresh) {
    refreshToken = await minter.mint('refresh_token', draft, policy, refreshTtl(draft, policy), mintContext, {
      accessTokenJti: accessToken.record.jti,
    });
    accessToken.record.refreshId = refreshToken.record.id;
  }
  await minter.save(refreshToken ? [accessToken, refreshToken] : [accessToken]);
  return resultOf(draft, accessToken, refreshToken, true);
}

export function resultOf(
  draft: GrantDraft,
  accessToken: IssuedToken,
  refreshToken: IssuedToken | undefined,
  refreshTokenIsNew: boolean,
): TokenResult {
  return {
    grantId: draft.grantId,
    grantType: draft.grantType,
    client: draft.client,
    subject: draft.subject,
    user: draft.user,
    scope: draft.scope,
    accessToken,
    refreshToken,
    refreshTokenIsNew,
    extra: draft.extra ?? {},
  };
}

function sameScope(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** The live, unimpersonated token for the same client, subject and scope (Spring's token stores). */
async function findLiveBundle(context: EngineContext, draft: GrantDraft): Promise<TokenResult | null> {
  const now = context.now();
  const page = await context.store.listGrants(
    { clientId: draft.client.clientId, username: draft.subject.username },
    { offset: 0, limit: 50 },
    now,
  );
  for (const grantId of page.grantIds) {
    const records = await context.store.listGrantTokens(grantId);
    const matches = (r: TokenRecord) =>
      r.expiresAt > now && !r.impersonation && r.subject.id === draft.subject.id && sameScope(r.scope, draft.scope);
    const access = records.find((r) => r.kind === 'access_token' && matches(r));
    if (!access?.sealed) continue;
    const value = context.serverSecret.unseal(access.sealed);
    if (!value) continue;
    const refresh = records.find((r) => r.kind === 'refresh_token' && r.id === access.refreshId && !r.consumedAt);
    const refreshValue = refresh?.sealed ? context.serverSecret.unseal(refresh.sealed) : null;
    return resultOf(
      { ...draft, grantId },
      { value, record: access },
      refresh && refreshValue ? { value: refreshValue, record: refresh } : undefined,
      false,
    );
  }
  return null;
}
