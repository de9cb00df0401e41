import { BlockList, isIP } from 'node:net';
import type { RawConfig } from '../config/types';

/** Where the test controls live when `test_mode` is on. */
export const TEST_PATH = '/_test';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (IPv4-mapped loopback included) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Test mode lets whoever reaches the port move the clock, script failures and read recorded
 * requests: it is served on a loopback address only, unless the configuration (or the
 * command line, or the container's environment) says a wider bind is meant.
 */
export function checkTestModeBind(config: RawConfig, host: string, allowRemote = false): void {
  if (!config.test_mode || isLoopbackHost(host) || allowRemote || config.test_mode_allow_remote === true) return;
  throw new Error(
    `test_mode is on and ${host} is not a loopback address: refusing to serve ${TEST_PATH}/… (clock, faults, recorded requests) beyond this machine; bind 127.0.0.1, or allow it with test_mode_allow_remote: true, --test-mode-allow-remote or OAUTH_DIALECTS_TEST_MODE=1`,
  );
}

export const TEST_MODE_WARNING = `test mode is on: anyone who reaches this port can move the gateway's clock, script failures and read recorded requests under ${TEST_PATH}/…; never run it in production`;

/** The start-up banner's line for it. */
export function testModeBannerLine(url: string): string {
  return `  WARNING: TEST MODE: ${url}${TEST_PATH}/… moves the clock, scripts failures and lists requests for anyone who reaches it; never in production`;
}
