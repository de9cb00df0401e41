/**
 * Redis memory per live token: `used_memory` and `DBSIZE` before and after issuing N tokens
 * through the gateway's HTTP endpoint, on the bench's own (otherwise idle) redis-server.
 */
import { runLoad, type Measurement, type Target } from './load';
import type { BenchRedis } from './redis-server';
import { check } from './rounds';

export interface MemoryResult {
  label: string;
  tokens: number;
  bytesPerToken: number;
  keysPerToken: number;
  usedMemoryBefore: number;
  usedMemoryAfter: number;
  keysBefore: number;
  keysAfter: number;
  load: Measurement;
}

export async function measureMemoryPerToken(redis: BenchRedis, target: Target, count: number, connections: number, failures: string[]): Promise<MemoryResult> {
  await settle();
  const [usedMemoryBefore, keysBefore] = [await redis.usedMemory(), await redis.keyCount()];
  const load = await runLoad(target, { requests: count }, connections);
  check(target, load, 'memory measurement', failures);
  await settle();
  const [usedMemoryAfter, keysAfter] = [await redis.usedMemory(), await redis.keyCount()];
  const tokens = load.totalRequests;
  return {
    label: target.label,
    tokens,
    bytesPerToken: (usedMemoryAfter - usedMemoryBefore) / tokens,
    keysPerToken: (keysAfter - keysBefore) / tokens,
    usedMemoryBefore,
    usedMemoryAfter,
    keysBefore,
    keysAfter,
    load,
  };
}

/** Lets connections go idle, so client buffers do not count as token memory. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}
