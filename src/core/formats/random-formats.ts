import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import { v1 as uuidv1 } from 'uuid';
import { TICKET_PREFIX, type Draw, type FormatSpec, type JwtFormatSpec, type MintContext } from './format';

// CSPRNG output drawn in blocks: one call per 128 tokens instead of one per token.
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

function randomSlice(size: number): Buffer {
  if (size > POOL.length) return randomBytes(size);
  if (poolOffset + size > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const slice = POOL.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return slice;
}

/** base64url characters of CSPRNG output, `length` characters long (default 43 = 256 bits). */
export function opaque(length = 43): string {
  return randomSlice(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);
}

/**
 * `AT-<sequence>-<32 chars>[-suffix]`: 24 random bytes in URL-safe base64 with `_` turned
 * into `-`, as CAS ≥ 5.2 does (its note: a mod-auth-cas bug); sequences count per prefix.
 * The sequence is taken once per ticket; only the random part is drawn again.
 */
async function casTicketDraw(context: MintContext, suffix?: string): Promise<Draw> {
  const prefix = TICKET_PREFIX[context.kind];
  const sequence = await context.nextSequence(`ticket:${prefix}`);
  return () => ({ value: `${prefix}-${sequence}-${randomBytes(24).toString('base64url').replace(/_/g, '-')}${suffix ? `-${suffix}` : ''}` });
}

// One v1 generator per process: random node and clock sequence, time slots handed out in order.
const V1_NODE = (() => {
  const node = randomBytes(6);
  node[0] |= 0x01; // multicast bit: a random node id, not a MAC address (RFC 4122 §4.5)
  return node;
})();
const V1_CLOCKSEQ = randomBytes(2).readUInt16BE() & 0x3fff;
let v1LastMs = 0;
let v1NextNs = 0;

/** Reserves `count` consecutive 100-ns slots of one millisecond. */
function reserveV1Slots(count: number): { msecs: number; nsecs: number } {
  const now = Date.now();
  if (now > v1LastMs) {
    v1LastMs = now;
    v1NextNs = 0;
  }
  if (v1NextNs + count > 10_000) {
    v1LastMs += 1;
    v1NextNs = 0;
  }
  const slot = { msecs: v1LastMs, nsecs: v1NextNs };
  v1NextNs += count;
  return slot;
}

function v1Hex(msecs: number, nsecs: number): string {
  return uuidv1({ node: V1_NODE, clockseq: V1_CLOCKSEQ, msecs, nsecs }).replace(/-/g, '');
}

/** A v1 UUID as 32 lowercase hex digits, as IBPS hands out. */
export function uuidV1Hex(): string {
  const { msecs, nsecs } = reserveV1Slots(1);
  return v1Hex(msecs, nsecs);
}

/**
 * Two consecutive v1 UUIDs, the second the first's successor in the time field
 * (time_low + 1): the IBPS seed pairs access token `b8d629e0…` with refresh `b8d629e1…`.
 */
export function uuidV1HexPair(): [string, string] {
  for (;;) {
    const { msecs, nsecs } = reserveV1Slots(2);
    const first = v1Hex(msecs, nsecs);
    // The successor must differ in time_low's last digit only (no carry), so both share a storage bucket.
    if (first[7] === 'f') continue;
    return [first, v1Hex(msecs, nsecs + 1)];
  }
}

/** How values of a non-JWT format are drawn for the token `context.kind`. */
export async function drawNonJwt(spec: Exclude<FormatSpec, JwtFormatSpec>, context: MintContext): Promise<Draw> {
  switch (spec.type) {
    case 'opaque':
      return () => ({ value: opaque(spec.length) });
    case 'cas-ticket':
      return casTicketDraw(context, spec.suffix);
    case 'uuid':
      return () => ({ value: randomUUID() });
    case 'uuid-v1-hex': {
      const reserved = context.kind === 'refresh_token' ? context.reservedRefreshToken : undefined;
      if (reserved) return () => ({ value: reserved });
      if (context.kind !== 'access_token') return () => ({ value: uuidV1Hex() });
      return () => {
        const [value, companion] = uuidV1HexPair();
        return { value, companion };
      };
    }
  }
}
