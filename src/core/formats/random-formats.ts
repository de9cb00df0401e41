import { randomBytes, randomUUID } from 'node:crypto';
import { v1 as uuidv1 } from 'uuid';
import { TICKET_PREFIX, type FormatSpec, type JwtFormatSpec, type MintContext } from './format';

/** base64url characters of CSPRNG output, `length` characters long (default 43 = 256 bits). */
export function opaque(length = 43): string {
  return randomBytes(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);
}

/**
 * `AT-<sequence>-<32 chars>[-suffix]`: 24 random bytes in URL-safe base64 with `_` turned
 * into `-`, as CAS ≥ 5.2 does (its note: a mod-auth-cas bug); sequences count per prefix.
 */
export async function casTicket(context: MintContext, suffix?: string): Promise<string> {
  const prefix = TICKET_PREFIX[context.kind];
  const sequence = await context.nextSequence(`ticket:${prefix}`);
  const body = randomBytes(24).toString('base64url').replace(/_/g, '-');
  return `${prefix}-${sequence}-${body}${suffix ? `-${suffix}` : ''}`;
}

/** A v1 UUID as 32 lowercase hex digits, as IBPS hands out. */
export function uuidV1Hex(): string {
  return uuidv1().replace(/-/g, '');
}

/**
 * Two consecutive v1 UUIDs from one synchronous step, so the second is the first's successor
 * in the time field: the IBPS seed pairs access token `b8d629e0…` with refresh `b8d629e1…`.
 */
export function uuidV1HexPair(): [string, string] {
  return [uuidV1Hex(), uuidV1Hex()];
}

export async function mintNonJwt(spec: Exclude<FormatSpec, JwtFormatSpec>, context: MintContext): Promise<string> {
  switch (spec.type) {
    case 'opaque':
      return opaque(spec.length);
    case 'cas-ticket':
      return casTicket(context, spec.suffix);
    case 'uuid':
      return randomUUID();
    case 'uuid-v1-hex': {
      if (context.kind === 'refresh_token' && context.reservedRefreshToken) return context.reservedRefreshToken;
      if (context.kind !== 'access_token') return uuidV1Hex();
      const [access, successor] = uuidV1HexPair();
      context.reservedRefreshToken = successor;
      return access;
    }
  }
}
