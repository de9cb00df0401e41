import { v1 as uuidv1 } from 'uuid';
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

function v1Hex(msecs: number, nsecs: number): string {
  return uuidv1({ node: NODE, clockseq: CLOCKSEQ, msecs, nsecs }).replace(/-/g, '');
}

/** A v1 UUID as 32 lowercase hex digits, as IBPS hands out. */
export function uuidV1Hex(): string {
  const { msecs, nsecs } = reserveSlots(1);
  return v1Hex(msecs, nsecs);
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
        reservedSuccessor.set(context, v1Hex(msecs, nsecs + 1));
        return v1Hex(msecs, nsecs);
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
