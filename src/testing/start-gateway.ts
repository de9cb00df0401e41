import type { AddressInfo } from 'node:net';
import { DIALECTS } from '../../dialects';
import { demoConfig } from '../config/demo';
import { loadConfig, readConfigFile } from '../config/load';
import type { RawConfig } from '../config/types';
import { createLogger } from '../http/logger';
import { createRuntime, type Runtime } from '../runtime';
import { listenFor } from '../server';
import type { ClaimsControl } from './claims';
import type { GatewayClock, Instant } from './clock';
import type { Faults } from './faults';
import type { RecordedRequest } from './request-log';
import { createTestControls, type TestControls } from './test-controls';

/** A configuration for `startGateway`: `issuer` may be left out, it is then the gateway's own URL. */
export type GatewayConfig = Omit<RawConfig, 'issuer'> & { issuer?: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface StartGatewayOptions {
  /** A configuration object, or the path of a YAML or JSON file; the built-in demo configuration without it. */
  config?: GatewayConfig | string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the gateway's clock starts (a Date or epoch milliseconds); default now. It moves only when told. */
  now?: Instant;
  /** Default: the configuration's `log_level`, else `silent`. */
  logLevel?: LogLevel;
}

export interface Gateway {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  /** The gateway's time: `advance(seconds)`, `set(date | epochMs)`, `now()` (epoch seconds). */
  clock: GatewayClock;
  /** Scripted failures: `next({ dialect, route, times }, fault)`, `storeDown(ms)`. */
  faults: Faults;
  /** Claims for particular issuances: `next({ dialect, clientId, username, times }, claims)`. */
  claims: ClaimsControl;
  /** Every request answered since the start or the last `reset()`, oldest first, credentials redacted. */
  requests(): RecordedRequest[];
  /** Forgets every token, grant, session and lock-out, the scripted faults and claims, and the request log. */
  reset(): Promise<void>;
  /** Closes the server and the runtime. */
  stop(): Promise<void>;
  /** The runtime underneath (engine, store, app), for what the controls above do not cover. */
  runtime: Runtime;
}

/** The address a client reaches a wildcard bind at. */
function reachable(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

/** The configuration source with the issuer filled in when it has none. */
function sourceFor(config: StartGatewayOptions['config'], url: string): { source: unknown; demo: boolean } {
  if (config === undefined) return { source: demoConfig(url), demo: true };
  const given = typeof config === 'string' ? readConfigFile(config) : config;
  if (given === null || typeof given !== 'object' || Array.isArray(given) || 'issuer' in given) return { source: given, demo: false };
  return { source: { issuer: url, ...given }, demo: false };
}

/** Plain secrets are hashed at bcrypt's lowest cost unless the configuration says otherwise: a test needs no slow start. */
function fastHashing(config: RawConfig): RawConfig {
  return config.bcrypt?.cost === undefined ? { ...config, bcrypt: { ...config.bcrypt, cost: 4 } } : config;
}

/**
 * Starts the gateway in this process, as `oauth-dialects serve` does, for a test suite to talk
 * to over HTTP and drive: its clock, scripted faults, chosen claims, the log of requests. The
 * environment (`REDIS_URL`, `OAUTH_DIALECTS_SECRET`, `OAUTH_DIALECTS_TEST_MODE`) is not read:
 * the configuration is all; with its `test_mode`, the same controls are served over HTTP too.
 */
export async function startGateway(options: StartGatewayOptions = {}): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  let controls: TestControls | undefined;
  let runtime: Runtime | undefined;
  const running = await listenFor(options.port ?? 0, host, async (bound) => {
    const { source, demo } = sourceFor(options.config, reachable(bound));
    const config = fastHashing(loadConfig(source, DIALECTS, {}));
    const logger = createLogger(options.logLevel ?? config.log_level ?? 'silent');
    const built = (controls = createTestControls(config, { host, logger, now: options.now }));
    runtime = await createRuntime({ config, dialects: DIALECTS, logger, demo, ...built.runtimeOptions }).catch(async (error: unknown) => {
      await built.close();
      throw error;
    });
    return { runtime, logger, graceMs: config.http?.shutdown_grace_ms };
  });
  const { clock, faults, claims } = controls!;
  const url = reachable(running.url);
  let stopped: Promise<void> | undefined;
  return {
    url,
    port: (running.server.address() as AddressInfo).port,
    clock,
    faults,
    claims,
    requests: () => controls!.requests(),
    reset: () => controls!.reset(),
    stop: () => (stopped ??= running.shutdown().finally(() => controls!.close())),
    runtime: runtime!,
  };
}
