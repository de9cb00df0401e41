import type { EngineContext } from '../context';
import type { Client, TokenSubject, User } from '../model';
import { renderClaims, type ClaimRule } from './templates';

/** One response being issued, as a per-call claims source matches it. */
export interface Issuance {
  /** The dialect whose endpoint issues it. */
  dialect?: string;
  clientId: string;
  username?: string;
}

/** Claims added to particular issuances on top of the client's (test mode's `claims.next`). */
export interface ClaimsSource {
  /** The rules for this issuance, spending them; undefined when none match. */
  take(issuance: Issuance): readonly ClaimRule[] | undefined;
}

/**
 * The claims of one's own for one response: resolved at most once, on the first JWT of the
 * response that asks (access token, refresh JWT and ID token share them), so an issuance that
 * writes no JWT spends no per-call claims.
 */
export class IssuanceClaims {
  private resolved = false;
  private value: Record<string, unknown> | undefined;

  constructor(
    private readonly source: ClaimsSource | undefined,
    private readonly grant: { client: Client; subject: TokenSubject; user?: User },
    private readonly dialect: string | undefined,
  ) {}

  /** The claims in the order written (client's, then per call), or undefined when there are none. */
  get(): Readonly<Record<string, unknown>> | undefined {
    if (this.resolved) return this.value;
    this.resolved = true;
    const { client, subject, user } = this.grant;
    const perCall = this.source?.take({ dialect: this.dialect, clientId: client.clientId, username: subject.username });
    if (client.claims === undefined && perCall === undefined) return undefined;
    const facts = { clientId: client.clientId, subject, user };
    const claims: Record<string, unknown> = {};
    if (client.claims) renderClaims(client.claims, facts, claims);
    if (perCall) renderClaims(perCall, facts, claims);
    this.value = Object.keys(claims).length > 0 ? claims : undefined;
    return this.value;
  }
}

/** Undefined (nothing to do per token) unless the client has claims or a per-call source is installed. */
export function issuanceClaims(
  context: EngineContext,
  grant: { client: Client; subject: TokenSubject; user?: User },
  dialect: string | undefined,
): IssuanceClaims | undefined {
  return grant.client.claims === undefined && context.claims === undefined ? undefined : new IssuanceClaims(context.claims, grant, dialect);
}
