import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { RawConfig } from '../config/types';
import type { TestRoutes } from '../http/app';
import type { RequestObserver } from '../http/route-names';
import type { RuntimeOptions } from '../runtime';
import { MemoryStore } from '../store/memory';
import { ClaimsControl } from './claims';
import { GatewayClock, type Instant } from './clock';
import { Faults } from './faults';
import { testModeOpenApi } from './http/openapi';
import { testModeRouter } from './http/router';
import { RequestLog, type RecordedRequest } from './request-log';
import { checkTestModeBind, TEST_MODE_WARNING, TEST_PATH } from './test-mode';

/** What `createRuntime` takes from the test controls. */
export type TestRuntimeOptions = Required<Pick<RuntimeOptions, 'now' | 'nowMs' | 'faults' | 'claims' | 'observers'>> & Pick<RuntimeOptions, 'store' | 'testRoutes'>;

export interface TestControlsOptions {
  /** The address the gateway binds: with `test_mode`, a non-loopback one is refused unless allowed. */
  host: string;
  logger: Logger;
  /** Where the clock starts; default now. */
  now?: Instant;
  /** Allows `test_mode` on a non-loopback host, as `test_mode_allow_remote` does. */
  allowRemote?: boolean;
}

const isMemory = (store: RawConfig['store']) => (typeof store === 'object' ? store.url : (store ?? 'memory')) === 'memory';

const isTestPath = (req: IncomingMessage) => {
  const url = req.url ?? '';
  return url.startsWith(TEST_PATH) && (url.length === TEST_PATH.length || '/?'.includes(url[TEST_PATH.length]));
};

/** The log, without the test controls' own requests. */
function outsideTestPath(log: RequestLog): RequestObserver {
  return {
    nameRoutes: (mounted) => log.nameRoutes(mounted),
    observe: (req, res, route) => {
      if (!isTestPath(req)) log.observe(req, res, route);
    },
  };
}

/**
 * A gateway's controls for tests, in the library (`startGateway`) and over HTTP (`test_mode`)
 * alike: a clock that stands still until moved, scripted faults, claims, the request log, and
 * the memory store that `reset()` empties.
 */
export class TestControls {
  readonly clock: GatewayClock;
  readonly faults = new Faults();
  readonly claims = new ClaimsControl();
  readonly log = new RequestLog();
  /** Spread into `createRuntime`'s options. */
  readonly runtimeOptions: TestRuntimeOptions;
  private readonly memory: MemoryStore | undefined;

  constructor(config: RawConfig, options: TestControlsOptions) {
    this.clock = new GatewayClock(options.now);
    // The store follows the gateway's clock in whole seconds, as the engine does.
    this.memory = isMemory(config.store) ? new MemoryStore(() => this.clock.now() * 1000) : undefined;
    const overHttp = config.test_mode === true;
    this.runtimeOptions = {
      now: this.clock.now,
      nowMs: this.clock.nowMs,
      store: this.memory,
      faults: this.faults,
      claims: this.claims,
      observers: [overHttp ? outsideTestPath(this.log) : this.log],
      ...(overHttp ? { testRoutes: this.routes(options.logger) } : {}),
    };
  }

  /** Every request answered since the start or the last `reset()`, oldest first, credentials redacted. */
  requests(): RecordedRequest[] {
    return this.log.list();
  }

  /** Forgets every token, grant, session and lock-out, the scripted faults and claims, and the request log. */
  async reset(): Promise<void> {
    if (!this.memory) throw new Error('reset() empties the memory store only: on Redis, give each test its own store.key_prefix');
    this.memory.clear();
    this.faults.clear();
    this.claims.clear();
    this.log.clear();
  }

  /** Closes the memory store (the runtime leaves a store it was given open). */
  async close(): Promise<void> {
    await this.memory?.close();
  }

  private routes(logger: Logger): TestRoutes {
    return {
      path: TEST_PATH,
      router: testModeRouter(this, logger),
      route: { method: 'GET', path: `${TEST_PATH}/clock`, what: 'TEST MODE: clock, faults, claims, requests, reset (see /docs)' },
      document: { name: 'test-mode', title: 'test controls (test_mode)', build: (version) => testModeOpenApi(TEST_PATH, version) },
    };
  }
}

/**
 * The test controls for a gateway about to serve `config` on `host`, for `serve` and
 * `startGateway` alike. With `test_mode`, a non-loopback host is refused unless allowed, and a
 * warning is logged.
 */
export function createTestControls(config: RawConfig, options: TestControlsOptions): TestControls {
  checkTestModeBind(config, options.host, options.allowRemote);
  if (config.test_mode) options.logger.warn(TEST_MODE_WARNING);
  return new TestControls(config, options);
}
