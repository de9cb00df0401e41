/**
 * Child process: the gateway, built the way `serve` builds it (`loadConfig` → `createRuntime` →
 * `listen`), with the configuration the bench passes. Also preloads tokens through the engine.
 */
import pino from 'pino';
import { DIALECTS } from '../../dialects';
import { loadConfig } from '../../src/config/load';
import { createRuntime } from '../../src/runtime';
import { listen } from '../../src/server';
import { childOptions, failStart, serveParent } from './child-protocol';
import { preloadTokens, type PreloadRequest } from './preload';

export interface GatewayOptions {
  /** The configuration as a file would hold it; validated here by `loadConfig`. */
  config: unknown;
}

async function main(): Promise<void> {
  const config = loadConfig(childOptions<GatewayOptions>().config, DIALECTS);
  const logger = pino({ level: config.log_level ?? 'info' });
  const runtime = await createRuntime({ config, dialects: DIALECTS, logger });
  const gateway = await listen(runtime, 0, '127.0.0.1', logger, 2_000).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  serveParent(gateway.url, () => gateway.shutdown(), {
    preload: (request: PreloadRequest) => preloadTokens(runtime.engine, request),
  });
}

main().catch(failStart);
