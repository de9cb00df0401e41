import type { EngineContext } from './context';
import { authenticateClient, requireGrantAllowed, type ClientCredentials } from './client-auth';
import { CoreError } from './errors';
import { ShortLivedHandles } from './handles';
import { AuthorizationCodeGrant, type AuthorizationCheck, type CodeRequest } from './grants/authorization-code';
import { ClientCredentialsGrant } from './grants/client-credentials';
import { issueImplicit, type ImplicitRequest } from './grants/implicit';
import { PasswordGrant } from './grants/password';
import { RefreshTokenGrant } from './grants/refresh-token';
import type { GrantHandler, TokenRequest, TokenResult } from './grants/types';
import { exitImpersonation, impersonate, type ImpersonationResult } from './impersonation';
import { introspectionOf, type Introspection } from './introspection';
import { listedGrant, listGrants, type GrantListing, type ListedGrant } from './listing';
import { countGrants, countGrantsByClient, revokeGrantById, revokeGrants, type Revocation } from './admin';
import type { Client, GrantFilter, Page, TokenKind, TokenRecord, User } from './model';
import type { TokenPolicy } from './policy';
import { isJwtSpec, type TokenFormat } from './formats/format';
import { TokenLookup } from './token-lookup';
import { externalUser, isExternalRecord, TokenFallbacks, type TokenFallback } from './fallback';
import { minterFor, type GrantDraft, type IssuedToken } from './token-minter';
import { issueBundle } from './grants/issue';
import { authenticateUser } from './user-auth';
import type { RequestOrigin } from './lockout/guard';
import type { Directory, UserIdentifier } from './directory';

/**
 * The dialect-agnostic token engine: the whole public surface a dialect talks to.
 * It knows no wire format; every failure is a `CoreError`.
 */
export class TokenEngine {
  private readonly grants = new Map<string, GrantHandler>();
  private readonly codes: AuthorizationCodeGrant;
  private readonly refresh: RefreshTokenGrant;
  private readonly lookup: TokenLookup;
  private readonly fallbacks: TokenFallbacks;
  /** Short-lived opaque handles for flow state between requests (login states, one-time references). */
  readonly handles: ShortLivedHandles;
  /** The dialect this engine answers for (see `forDialect`); absent on the engine itself. */
  declare readonly dialect?: string;

  constructor(readonly context: EngineContext) {
    this.handles = new ShortLivedHandles(context);
    this.codes = new AuthorizationCodeGrant(context);
    this.fallbacks = new TokenFallbacks(context);
    this.lookup = new TokenLookup(context, this.fallbacks);
    this.refresh = new RefreshTokenGrant(context, this.fallbacks);
    for (const handler of [new PasswordGrant(context), new ClientCredentialsGrant(context), this.refresh, this.codes]) this.registerGrant(handler);
  }

  /**
   * This same engine (grants, formats, directory, store) for one dialect: the token requests
   * it runs carry the dialect's name into the events, so logs and metrics can tell the doors apart.
   */
  forDialect(dialect: string): TokenEngine {
    return Object.create(this, { dialect: { value: dialect, enumerable: true } }) as TokenEngine;
  }

  /**
   * Adds a grant: its handler answers every token request with its `grantType`, from any
   * dialect (RFC 8693 token exchange or the device grant would be a handler and this call).
   * The handler reads what it needs beyond the common fields from `request.parameters`.
   */
  registerGrant(handler: GrantHandler): void {
    if (this.grants.has(handler.grantType)) throw new Error(`grant type "${handler.grantType}" is already registered`);
    this.grants.set(handler.grantType, handler);
  }

  /**
   * Adds a token format a dialect's policies can name by `type` (CAS tickets, IBPS's v1
   * UUIDs): register at mount, before `usePolicy`.
   */
  registerFormat(format: TokenFormat): void {
    minterFor(this.context).formats.register(format);
  }

  /**
   * Adds a legacy provider asked about access tokens the store does not hold (never about a
   * known, expired one); its answers are cached here. Register at mount.
   */
  registerTokenFallback(fallback: TokenFallback): void {
    this.fallbacks.register(fallback);
  }

  get issuer(): string {
    return this.context.settings.issuer;
  }

  get keys() {
    return this.context.keys;
  }

  get directory() {
    return this.context.directory;
  }

  /**
   * Swaps in reloaded clients and users. Remembered client secrets are dropped, so a rotated
   * or removed secret stops working at once; issued tokens stay valid.
   */
  replaceDirectory(directory: Directory): void {
    this.context.directory = directory;
    this.context.secrets.clear();
  }

  now(): number {
    return this.context.now();
  }

  /** The same clock in epoch milliseconds. */
  nowMs(): number {
    return this.context.nowMs?.() ?? this.context.now() * 1000;
  }

  /**
   * Readies a dialect's policy: shared HS256 keys are registered for verification, so a
   * process that has not minted such a token yet still accepts one. Call at mount time.
   */
  usePolicy(policy: TokenPolicy): TokenPolicy {
    const { formats } = minterFor(this.context);
    for (const spec of Object.values(policy.formats)) {
      const valueType = isJwtSpec(spec) ? spec.jti.type : spec.type;
      if (!formats.has(valueType)) throw new Error(`token format "${valueType}" is not registered (engine.registerFormat)`);
      if (isJwtSpec(spec) && spec.alg === 'HS256' && spec.key) this.context.keys.addHmacKey(spec.key);
    }
    return policy;
  }

  /** Authenticates a client behind the shared lock-out; `origin` (an HTTP request will do) adds the per-address count. */
  authenticateClient(credentials: ClientCredentials, origin?: RequestOrigin): Promise<Client> {
    if (origin === undefined) return authenticateClient(this.context, credentials);
    credentials.origin = origin;
    if (!this.fallbacks.redeemsRefresh) return authenticateClient(this.context, credentials);
    // A legacy upstream redeems the refresh tokens it minted only for the client they belong to.
    return authenticateClient(this.context, credentials).then((client) => {
      this.fallbacks.notePresented(origin, credentials);
      return client;
    });
  }

  /** Checks a user's password behind the shared lock-out; `origin` adds the per-address count. */
  authenticateUser(identifier: string | undefined, password: string | undefined, allowed: readonly UserIdentifier[] = ['username'], origin?: RequestOrigin): Promise<User> {
    return authenticateUser(this.context, identifier, password, allowed, origin);
  }

  /** Runs a grant for an authenticated client. */
  async token(request: TokenRequest, policy: TokenPolicy, origin?: RequestOrigin): Promise<TokenResult> {
    if (origin !== undefined) request.origin = origin;
    if (this.dialect !== undefined) request.dialect = this.dialect;
    if (!request.grantType) {
      throw new CoreError('invalid_request', 'grant_type is required', { reason: 'missing_parameter', parameter: 'grant_type' });
    }
    const handler = this.grants.get(request.grantType);
    if (!handler) throw new CoreError('unsupported_grant_type', `Unsupported grant type: ${request.grantType}`, { parameter: 'grant_type' });
    requireGrantAllowed(request.client, request.grantType);
    return handler.handle(request, policy);
  }

  /** A refresh without client authentication: the refresh token speaks for its own client (IBPS). */
  refreshForTokenClient(refreshToken: string | undefined, clientIdHint: string | undefined, policy: TokenPolicy): Promise<TokenResult> {
    return this.refresh.handleForTokenClient(refreshToken, clientIdHint, policy, this.dialect);
  }

  /**
   * Mints and stores the tokens of a new grant: what a registered grant handler calls once it
   * has decided who the grant is for (one store round trip).
   */
  issueGrant(draft: GrantDraft, policy: TokenPolicy, options: { withRefresh: boolean }): Promise<TokenResult> {
    return issueBundle(this.context, draft, policy, options);
  }

  /** Checks a code request's client, redirect_uri, scope and PKCE method before a user signs in; returns the scope it would grant. */
  checkAuthorizationRequest(request: AuthorizationCheck, responseType: 'code' | 'token' = 'code'): string[] {
    return this.codes.checkRequest(request, responseType);
  }

  /** RFC 6749 §4.2: an access token straight from the authorize step, no refresh token. */
  issueImplicit(request: ImplicitRequest, policy: TokenPolicy): Promise<TokenResult> {
    return issueImplicit(this.context, this.dialect === undefined ? request : { ...request, dialect: this.dialect }, policy);
  }

  issueAuthorizationCode(request: CodeRequest, policy: TokenPolicy): Promise<IssuedToken> {
    return this.codes.issueCode(this.dialect === undefined ? request : { ...request, dialect: this.dialect }, policy);
  }

  /** A live token's record, or `invalid_token` / `expired_token`. */
  verify(token: string | undefined, kind: TokenKind = 'access_token'): Promise<TokenRecord> {
    return this.lookup.require(token, kind);
  }

  /** RFC 7662: the token's facts when it is live, `{active:false}` otherwise. */
  async introspect(token: string | undefined): Promise<Introspection | { active: false }> {
    if (!token) return { active: false };
    const record = await this.lookup.find(token);
    if (!record) {
      const external = this.fallbacks.active ? await this.fallbacks.resolve(token) : undefined;
      return external ? introspectionOf(external, this.issuer) : { active: false };
    }
    if (record.kind === 'authorization_code' || record.expiresAt <= this.now() || record.consumedAt !== undefined) {
      return { active: false };
    }
    return introspectionOf(record, this.issuer);
  }

  /**
   * RFC 7009: an access token is revoked alone; a refresh token takes its whole grant with it.
   * Unknown tokens are not an error. A token of another client is refused.
   */
  async revoke(token: string | undefined, client?: Client): Promise<boolean> {
    if (!token) throw new CoreError('invalid_request', 'token is required', { reason: 'missing_parameter', parameter: 'token' });
    const record = await this.lookup.find(token);
    if (!record || record.kind === 'authorization_code') return false;
    if (client && record.clientId !== client.clientId) {
      throw new CoreError('unauthorized_client', 'the token was issued to another client');
    }
    return (await this.removeRecord(record)) > 0;
  }

  /** A refresh token takes its whole grant with it; an access token goes alone. */
  private async removeRecord(record: TokenRecord): Promise<number> {
    const owner = minterFor(this.context).ownerOf(record);
    const whole = record.kind === 'refresh_token';
    const removed = whole
      ? await this.context.store.revokeGrant(owner, record.grantId)
      : await this.context.store.removeTokens(owner, record.grantId, [record.id]);
    if (removed > 0) this.context.events.emit('token_revoked', { clientId: record.clientId, grantId: record.grantId, what: whole ? 'grant' : 'token' });
    return removed;
  }

  /** Removes tokens by value without a client check (an admin's act, e.g. iform `remove`). */
  async removeTokens(tokens: string[]): Promise<number> {
    let removed = 0;
    for (const token of tokens) {
      const record = await this.lookup.find(token);
      if (record) removed += await this.removeRecord(record);
    }
    return removed;
  }

  /** The user (or, for client_credentials, nobody) behind a live access token. */
  async userInfo(token: string | undefined): Promise<{ record: TokenRecord; user?: User }> {
    const record = await this.verify(token, 'access_token');
    if (record.subject.type !== 'user') return { record };
    const user = this.userOf(record);
    if (!user) throw new CoreError('invalid_token', 'the token\'s user no longer exists', { reason: 'unknown_token' });
    return { record, user };
  }

  /** The user a token record speaks for: the configured one, or for an upstream's token the upstream's user. */
  userOf(record: TokenRecord): User | undefined {
    if (isExternalRecord(record)) return externalUser(this.context, record);
    return record.subject.type === 'user' ? this.context.directory.userByUid(record.subject.id) : undefined;
  }

  listGrants(filter: GrantFilter, page: Page): Promise<GrantListing> {
    return listGrants(this.context, filter, page);
  }

  /** One grant and its live tokens, or null (an operator's view). */
  grant(grantId: string): Promise<ListedGrant | null> {
    return listedGrant(this.context, grantId);
  }

  /** Revokes a whole grant by id, whatever dialect minted it; null when unknown. */
  revokeGrant(grantId: string): Promise<Revocation | null> {
    return revokeGrantById(this.context, grantId);
  }

  /** Revokes every grant of a user (`username`) or of a client (`clientId`), in every dialect at once. */
  revokeGrants(filter: GrantFilter): Promise<Revocation> {
    return revokeGrants(this.context, filter);
  }

  /** Live grants of a user or a client. */
  countGrants(filter: GrantFilter): Promise<number> {
    return countGrants(this.context, filter);
  }

  /** Live grants of each configured client, and their total. */
  countGrantsByClient(): Promise<{ total: number; byClient: Record<string, number> }> {
    return countGrantsByClient(this.context);
  }

  isAdmin(user: User | undefined): boolean {
    return user !== undefined && user.roles.includes(this.context.settings.adminRole);
  }

  impersonate(adminAccessToken: string | undefined, targetUsername: string | undefined, policy: TokenPolicy): Promise<ImpersonationResult> {
    return impersonate(this.context, adminAccessToken, targetUsername, policy, this.dialect);
  }

  exitImpersonation(accessToken: string | undefined, policy: TokenPolicy): Promise<TokenResult> {
    return exitImpersonation(this.context, accessToken, policy);
  }

  /** True when the store answers. */
  async ready(): Promise<boolean> {
    try {
      await this.context.store.ping();
      return true;
    } catch {
      return false;
    }
  }
}
