import { randomBytes } from 'node:crypto';
import type { TokenFormat, TokenKind } from '../../../src/core';

const TICKET_PREFIX: Record<TokenKind, string> = {
  access_token: 'AT',
  refresh_token: 'RT',
  authorization_code: 'OC',
};

/**
 * `{type: 'cas-ticket', suffix?}`: `AT-<sequence>-<32 chars>[-suffix]`, 24 random bytes in
 * URL-safe base64 with `_` turned into `-`, as CAS ≥ 5.2 does (its note: a mod-auth-cas bug).
 * Sequences count per prefix and per process, like CAS's per-JVM ticket numbers; one is taken
 * per ticket, and only the random part is drawn again.
 */
export const CAS_TICKET_FORMAT: TokenFormat = {
  type: 'cas-ticket',
  async prepare(spec, context) {
    const prefix = TICKET_PREFIX[context.kind];
    const sequence = await context.nextSequence(`ticket:${prefix}`);
    const tail = typeof spec.suffix === 'string' && spec.suffix ? `-${spec.suffix}` : '';
    return () => `${prefix}-${sequence}-${randomBytes(24).toString('base64url').replace(/_/g, '-')}${tail}`;
  },
};
