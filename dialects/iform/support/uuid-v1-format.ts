import { randomSlice, type MintContext, type TokenFormat } from '../../../src/core';

// One v1 generator per process: random node and clock sequence, time slots handed out in order.
const NODE = (() => {
  const node = Buffer.from(randomSlice(6));
  node[0] |= 0x01; // multicast bit: a random node id, not a MAC address (RFC 4122 §4.5)
  return node;
})();
const CLOCKSEQ = randomSlice(2).readUInt16BE() & 0x3fff;
let lastMs = 0;
let nextNs = 0;

/** Reserves `count` consecutive 100-ns slots of one millisecond. */
function reserveSlots(count: number): { msecs: number; nsecs: number } {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    nextNs = 0;
  }
  if (nextNs + count > 10_000) {
    lastMs += 1;
    nextNs = 0;
  }
  const slot = { msecs: lastMs, nsecs: nextNs };
  nextNs += count;
  return slot;
}

/** Milliseconds from the Gregorian epoch (1582-10-15) to the Unix one. */
const GREGORIAN_OFFSET_MS = 12_219_292_800_000;
const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/** The fixed tail of a generator's UUIDs: its clock sequence (variant bits set) and node. */
export function v1Tail(clockseq: number, node: Buffer): string {
  return hex(clockseq | 0x8000, 4) + node.toString('hex');
}

/**
 * The dash-less v1 UUID of one 100-ns slot (RFC 4122 §4.2, the field arithmetic of the `uuid`
 * package's v1). Written out because the minter draws a refresh token about 64 times until one
 * fits its grant's Redis slot: the package's general path costs some 0.7 µs a call, this 0.1.
 * `test/dialects/iform/uuid-v1-format.test.ts` holds it equal to the package's output.
 */
export function v1Hex(msecs: number, nsecs: number, tail: string): string {
  const ms = msecs + GREGORIAN_OFFSET_MS;
  const timeLow = ((ms & 0xfffffff) * 10000 + nsecs) % 0x100000000;
  const timeMidHigh = ((ms / 0x100000000) * 10000) & 0xfffffff;
  return hex(timeLow, 8) + hex(timeMidHigh & 0xffff, 4) + hex(((timeMidHigh >>> 16) & 0x0fff) | 0x1000, 4) + tail;
}

const TAIL = v1Tail(CLOCKSEQ, NODE);
const ownV1Hex = (msecs: number, nsecs: number) => v1Hex(msecs, nsecs, TAIL);

/** A v1 UUID as 32 lowercase hex digits, as IBPS hands out. */
export function uuidV1Hex(): string {
  const { msecs, nsecs } = reserveSlots(1);
  return ownV1Hex(msecs, nsecs);
}

/** The successor each access token reserved for the refresh token of the same response. */
const reservedSuccessor = new WeakMap<MintContext, string>();

/**
 * `{type: 'uuid-v1-hex'}`. The IBPS seed pairs access token `b8d629e0…` with refresh token
 * `b8d629e1…`: an access token reserves its successor in the time field, and the refresh
 * token of the same response takes it when it fits the grant's storage bucket (always on a
 * one-bucket store); otherwise it is the generator's next UUID that does.
 */
export const UUID_V1_HEX_FORMAT: TokenFormat = {
  type: 'uuid-v1-hex',
  prepare(_spec, context) {
    if (context.kind === 'access_token') {
      return () => {
        const { msecs, nsecs } = reserveSlots(2);
        reservedSuccessor.set(context, ownV1Hex(msecs, nsecs + 1));
        return ownV1Hex(msecs, nsecs);
      };
    }
    let successor = context.kind === 'refresh_token' ? reservedSuccessor.get(context) : undefined;
    reservedSuccessor.delete(context);
    return () => {
      if (successor === undefined) return uuidV1Hex();
      const value = successor;
      successor = undefined;
      return value;
    };
  },
};
