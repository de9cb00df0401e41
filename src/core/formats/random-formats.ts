import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import type { TokenFormat } from './format';

// CSPRNG output drawn in blocks: one call per 128 tokens instead of one per token.
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

/** `size` bytes of CSPRNG output (a view of the pool: copy it to keep it). */
export function randomSlice(size: number): Buffer {
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

/** `{type: 'opaque', length?}`: base64url CSPRNG output. */
export const OPAQUE_FORMAT: TokenFormat = {
  type: 'opaque',
  prepare(spec) {
    const length = typeof spec.length === 'number' ? spec.length : 43;
    return () => opaque(length);
  },
};

/** `{type: 'uuid'}`: a v4 UUID. */
export const UUID_FORMAT: TokenFormat = {
  type: 'uuid',
  prepare: () => randomUUID,
};
