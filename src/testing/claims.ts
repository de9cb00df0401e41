import { compileClaims, type ClaimRule } from '../core/claims/templates';
import type { ClaimsSource, Issuance } from '../core/claims/issuance';

/** Which issuances a scripted set of claims applies to; every given field must match. */
export interface ClaimsMatch {
  dialect?: string;
  clientId?: string;
  username?: string;
  /** How many matching issuances get them (default 1). */
  times?: number;
}

interface Scripted {
  match: ClaimsMatch;
  rules: readonly ClaimRule[];
  left: number;
}

/**
 * Claims for particular issuances, on top of the client's configured ones: the next matching
 * response's JWTs (access token, refresh JWT and ID token alike) carry them. Same rules as
 * the config: templates allowed, registered and vendor claim names refused.
 */
export class ClaimsControl implements ClaimsSource {
  private scripted: Scripted[] = [];

  next(match: ClaimsMatch, claims: Record<string, unknown>): void {
    const times = match.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new TypeError('claims.next: times must be a positive integer');
    const { rules, problems } = compileClaims(claims);
    if (problems.length > 0) throw new TypeError(`claims.next: ${problems.map((p) => `${p.name}: ${p.message}`).join('; ')}`);
    this.scripted.push({ match, rules, left: times });
  }

  /** Forgets every scripted set not yet spent. */
  clear(): void {
    this.scripted = [];
  }

  /** Every matching set, in the order given (a later one wins a name both give); each spends one use. */
  take(issuance: Issuance): readonly ClaimRule[] | undefined {
    if (this.scripted.length === 0) return undefined;
    let rules: ClaimRule[] | undefined;
    for (const entry of this.scripted) {
      const { dialect, clientId, username } = entry.match;
      if (dialect !== undefined && dialect !== issuance.dialect) continue;
      if (clientId !== undefined && clientId !== issuance.clientId) continue;
      if (username !== undefined && username !== issuance.username) continue;
      (rules ??= []).push(...entry.rules);
      entry.left -= 1;
    }
    if (rules) this.scripted = this.scripted.filter((entry) => entry.left > 0);
    return rules;
  }
}
