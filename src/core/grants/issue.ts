import type { EngineContext } from '../context';
import type { TokenRecord } from '../model';
import type { TokenPolicy } from '../policy';
import { minterFor, type GrantDraft, type IssuedToken, type MintedDraft } from '../token-minter';
import type { TokenResult } from './types';
import { issuanceClaims } from '../claims/issuance';

export function accessTtl(draft: GrantDraft, policy: TokenPolicy): number {
  return draft.client.accessTokenTtl ?? policy.accessTokenTtl;
}

export function refreshTtl(draft: GrantDraft, policy: TokenPolicy): number {
  return draft.client.refreshTokenTtl ?? policy.refreshTokenTtl;
}

/** Mints an access token (and a refresh token when asked) of the draft's grant. Not saved. */
export async function mintBundle(
  context: EngineContext,
  draft: GrantDraft,
  policy: TokenPolicy,
  options: { withRefresh: boolean; dialect?: string },
): Promise<{ draft: MintedDraft; accessToken: IssuedToken; refreshToken?: IssuedToken }> {
  draft.customClaims ??= issuanceClaims(context, draft, options.dialect ?? draft.dialect);
  const minter = minterFor(context);
  const mintContext = minter.newMintContext('access_token');
  const accessToken = await minter.mint('access_token', draft, policy, accessTtl(draft, policy), mintContext);
  let refreshToken: IssuedToken | undefined;
  if (options.withRefresh) {
    refreshToken = await minter.mint('refresh_token', draft, policy, refreshTtl(draft, policy), mintContext, {
      accessTokenJti: accessToken.record.jti,
    });
    accessToken.record.refreshId = refreshToken.record.id;
  }
  return { draft: draft as MintedDraft, accessToken, refreshToken };
}

/** Mints and stores an access token (and a refresh token when the policy gives one): one store round trip. */
export async function issueBundle(
  context: EngineContext,
  draft: GrantDraft,
  policy: TokenPolicy,
  options: { withRefresh: boolean; dialect?: string },
): Promise<TokenResult> {
  // The grant remembers the door it came in by: listings can keep to one dialect's grants.
  if (options.dialect !== undefined) draft.dialect ??= options.dialect;
  draft.customClaims ??= issuanceClaims(context, draft, options.dialect ?? draft.dialect);
  const lookupKey = policy.reuseLiveAccessToken ? authenticationKey(context, draft) : undefined;
  if (lookupKey !== undefined) {
    const live = await findLiveBundle(context, draft, lookupKey);
    if (live) return live;
  }
  const minted = await mintBundle(context, draft, policy, options);
  await minterFor(context).save(minted.refreshToken ? [minted.accessToken, minted.refreshToken] : [minted.accessToken], { lookupKey });
  reportIssued(context, minted.draft, minted.refreshToken !== undefined, options.dialect);
  return resultOf(minted.draft, minted.accessToken, minted.refreshToken, true);
}

/** The `token_issued` event of a new bundle; `dialect` is the one whose endpoint asked. */
export function reportIssued(context: EngineContext, draft: MintedDraft, withRefresh: boolean, dialect = draft.dialect): void {
  context.events.emit('token_issued', {
    grantType: draft.grantType,
    clientId: draft.client.clientId,
    grantId: draft.grantId,
    tokens: withRefresh ? ['access_token', 'refresh_token'] : ['access_token'],
    ...(dialect !== undefined ? { dialect } : {}),
  });
}

export function resultOf(
  draft: MintedDraft,
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
    customClaims: draft.customClaims,
  };
}

/** Spring's `AuthenticationKeyGenerator`: client, user and scope name one live grant. */
function authenticationKey(context: EngineContext, draft: GrantDraft): string {
  const scope = [...draft.scope].sort().join(' ');
  return context.serverSecret.handleId('authentication', JSON.stringify([draft.client.clientId, draft.subject.type, draft.subject.id, scope]));
}

/** The live, unimpersonated token for the same client, subject and scope (Spring's token stores). */
async function findLiveBundle(context: EngineContext, draft: GrantDraft, lookupKey: string): Promise<TokenResult | null> {
  const grantId = await context.store.findGrantByKey(lookupKey);
  if (grantId === null) return null;
  const now = context.now();
  const records = await context.store.listGrantTokens(grantId);
  const live = (r: TokenRecord) => r.expiresAt > now && r.consumedAt === undefined && !r.impersonation && r.subject.id === draft.subject.id;
  const access = records.filter((r) => r.kind === 'access_token' && live(r)).sort((a, b) => b.issuedAt - a.issuedAt)[0];
  const value = access?.sealed ? context.serverSecret.unseal(access.sealed) : null;
  if (!access || !value) return null;
  const refresh = records.find((r) => r.kind === 'refresh_token' && r.id === access.refreshId && live(r));
  const refreshValue = refresh?.sealed ? context.serverSecret.unseal(refresh.sealed) : null;
  return resultOf(
    { ...draft, grantId },
    { value, record: access },
    refresh && refreshValue ? { value: refreshValue, record: refresh } : undefined,
    false,
  );
}
