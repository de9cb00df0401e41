import { randomBytes, randomInt } from 'node:crypto';
import { v1 as uuidv1 } from 'uuid';
import { v1Hex, v1Tail } from '../../../dialects/iform/support/uuid-v1-format';

describe("iform's v1 UUIDs", () => {
  it('are the uuid package\'s v1 for the same slot, clock sequence and node, without dashes', () => {
    for (let i = 0; i < 2000; i++) {
      const node = randomBytes(6);
      const clockseq = randomInt(0x4000);
      // Any millisecond from 1970 to 2100, any of its 10,000 slots, the edges included.
      const msecs = i < 4 ? [0, 1, 4_102_444_800_000, Date.now()][i] : randomInt(4_102_444_800_000);
      const nsecs = i % 3 === 0 ? 9_999 : randomInt(10_000);
      expect(v1Hex(msecs, nsecs, v1Tail(clockseq, node))).toBe(uuidv1({ node, clockseq, msecs, nsecs }).replace(/-/g, ''));
    }
  });
});
