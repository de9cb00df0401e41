import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ClientCredentials } from './client-auth';
import type { EngineContext } from './context';
import type { TokenRecord, User } from './model';

/** What an upstream said about a token the gateway does not know. Times are epoch seconds. */
export interface ExternalToken {
  /** The user's name; absent for a client's own token (client_credentials). */
  username?: string;
  clientId: string;
  scope: string[];
  expiresAt?: number;
  issuedAt?: number;
  grantType?: string;
  /** Attributes the upstream returned, shown when no local user has that name. */
  attributes?: Record<string, string>;
}

/** An upstream's token-endpoint answer, passed to the client as it came (`refresh: relay`). */
export interface RelayedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What redeeming a refresh token at the upstream gave: the user and client to adopt, an answer
 * to relay, or no answer at all (down, slow, 5xx): then the client is told to retry, keeping its token.
 */
export type RefreshRedemption = { adopt: ExternalToken } | { relay: RelayedAnswer } | { unavailable: true };

/** Thrown by the refresh grant in relay mode: the dialect's error boundary sends the answer unchanged. */
export class UpstreamRelay extends Error {
  constructor(readonly answer: RelayedAnswer) {
    super('the upstream answered this refresh');
    this.name = 'UpstreamRelay';
  }
}

/**
 * A legacy provider asked about tokens the store does not hold. `verify` and `redeemRefresh`
 * never throw: an upstream that is down, slow or confused is `undefined` (unknown token).
 * Its `name` is the dialect whose vendor it speaks: a refresh is redeemed only at the upstream
 * of the dialect it came through.
 */
export interface TokenFallback {
  name: string;
  verify(token: string): Promise<ExternalToken | undefined>;
  /** Redeems a refresh token at the upstream with the credentials the client presented here. */
  redeemRefresh?(refreshToken: string, presented: ClientCredentials | undefined): Promise<RefreshRedemption | undefined>;
  /** The upstream's refresh answers are passed through, never adopted (no claim on the token is needed). */
  relaysRefresh?: boolean;
  /** Longest a positive answer is reused, in seconds (also capped by the token's expiry). */
  cacheTtl?: number;
  /** How long an unknown answer is reused, in seconds. */
  negativeCacheTtl?: number;
}

/** The format of a record the gateway did not mint: an upstream's answer, or an adopted legacy refresh token. */
export const EXTERNAL_FORMAT = 'external';

/** A token a legacy upstream minted (the gateway holds no such record of its own). */
export function isExternalRecord(record: TokenRecord): boolean {
  return record.format === EXTERNAL_FORMAT;
}

/** The user behind an upstream's token: the local user of that name, else one made of the upstream's attributes. */
export function externalUser(context: EngineContext, record: TokenRecord): User | undefined {
  const username = record.subject.type === 'user' ? record.subject.username : undefined;
  if (username === undefined) return undefined;
  const local = context.directory.userByUsername(username);
  if (local) return local;
  const attributes = (record.extra?.attributes ?? {}) as Record<string, string>;
  return { uid: record.subject.id, username, passwordHash: '', status: 'active', attributes, roles: [] };
}

const DEFAULT_CACHE_TTL = 300;
const DEFAULT_NEGATIVE_TTL = 30;
const MAX_ENTRIES = 10_000;

interface Cached {
  until: number;
  answer: { token: ExternalToken; source: string } | undefined;
}

/**
 * The registered fallbacks, asked in parallel (the first positive answer wins) only after the
 * store missed, with answers kept by a hash of the token in a bounded cache.
 */
export class TokenFallbacks {
  private readonly list: TokenFallback[] = [];
  private readonly cache = new LRUCache<string, Cached>({ max: MAX_ENTRIES });
  private readonly pending = new Map<string, Promise<Cached>>();
  /** The credentials each request's client authenticated with, while the request lives (refresh adoption forwards them). */
  private readonly presented = new WeakMap<object, ClientCredentials>();
  private redeeming = false;

  constructor(private readonly context: EngineContext) {}

  get active(): boolean {
    return this.list.length > 0;
  }

  /** True when some upstream redeems refresh tokens: only then are presented credentials kept (asked on every client authentication). */
  get redeemsRefresh(): boolean {
    return this.redeeming;
  }

  /** The fallback of one dialect's upstream. */
  named(name: string | undefined): TokenFallback | undefined {
    return name === undefined ? undefined : this.list.find((fallback) => fallback.name === name);
  }

  notePresented(origin: object, credentials: ClientCredentials): void {
    this.presented.set(origin, { clientId: credentials.clientId, clientSecret: credentials.clientSecret, method: credentials.method });
  }

  presentedBy(origin: object | undefined): ClientCredentials | undefined {
    return origin === undefined ? undefined : this.presented.get(origin);
  }

  register(fallback: TokenFallback): void {
    if (this.list.some((known) => known.name === fallback.name)) throw new Error(`token fallback "${fallback.name}" is already registered`);
    this.list.push(fallback);
    if (fallback.redeemRefresh !== undefined) this.redeeming = true;
  }

  /** The upstream's answer as a live access token record, or undefined. */
  async resolve(token: string): Promise<TokenRecord | undefined> {
    if (this.list.length === 0 || token.length === 0 || token.length > 8192) return undefined;
    const key = createHash('sha256').update(token).digest('base64url');
    let entry = this.cache.get(key);
    if (!entry || entry.until <= this.context.now()) {
      let asking = this.pending.get(key);
      if (!asking) {
        asking = this.ask(token).finally(() => this.pending.delete(key));
        this.pending.set(key, asking);
      }
      entry = await asking;
      this.cache.set(key, entry);
      this.context.events.emit('upstream_verified', { upstream: entry.answer?.source, accepted: entry.answer !== undefined, cached: false });
    } else {
      this.context.events.emit('upstream_verified', { upstream: entry.answer?.source, accepted: entry.answer !== undefined, cached: true });
    }
    if (!entry.answer) return undefined;
    const { token: external, source } = entry.answer;
    if (external.expiresAt !== undefined && external.expiresAt <= this.context.now()) return undefined;
    return this.resolution(external, source, entry.until);
  }

  private async ask(token: string): Promise<Cached> {
    const answers = this.list.map(async (fallback) => {
      const answer = await fallback.verify(token).catch(() => undefined);
      if (!answer) throw new Error('unknown');
      return { fallback, answer };
    });
    const now = this.context.now();
    try {
      const { fallback, answer } = await Promise.any(answers);
      const ttl = fallback.cacheTtl ?? DEFAULT_CACHE_TTL;
      const until = Math.min(now + ttl, answer.expiresAt ?? Number.POSITIVE_INFINITY);
      return { until, answer: { token: answer, source: fallback.name } };
    } catch {
      const ttl = Math.min(...this.list.map((fallback) => fallback.negativeCacheTtl ?? DEFAULT_NEGATIVE_TTL));
      return { until: now + ttl, answer: undefined };
    }
  }

  private resolution(external: ExternalToken, source: string, cachedUntil: number): TokenRecord {
    const now = this.context.now();
    const local = external.username !== undefined ? this.context.directory.userByUsername(external.username) : undefined;
    const user = local ?? (external.username !== undefined ? { uid: external.username, username: external.username } : undefined);
    return {
      kind: 'access_token',
      id: `external:${source}`,
      grantId: `external:${source}`,
      clientId: external.clientId,
      subject: user ? { type: 'user', id: user.uid, username: user.username } : { type: 'client', id: external.clientId },
      scope: external.scope,
      grantType: external.grantType ?? (user ? 'password' : 'client_credentials'),
      format: EXTERNAL_FORMAT,
      issuedAt: external.issuedAt ?? now,
      // An upstream that gives no expiry (CAS's profile) is asked again once the cached answer lapses.
      expiresAt: external.expiresAt ?? cachedUntil,
      dialect: source,
      extra: { upstream: source, ...(external.attributes ? { attributes: external.attributes } : {}) },
    };
  }
}
