import type { Express } from 'express';
import type { Logger } from 'pino';
import { buildClients, buildUsers, reportPlainSecrets } from './config/build';
import type { RawConfig } from './config/types';
import type { EngineContext, EngineSettings } from './core/context';
import { ServerSecret } from './core/crypto/server-secret';
import { Directory } from './core/directory';
import { TokenEngine } from './core/engine';
import { KeyRing } from './core/keys/key-ring';
import { SharedKeySync } from './core/keys/shared-key-sync';
import { BcryptPool, DEFAULT_ADMISSION } from './core/secrets/bcrypt-pool';
import { Lockout } from './core/lockout/lockout';
import { lockoutRules } from './core/lockout/rules';
import { SecretVerifier } from './core/secrets/secret-verifier';
import { createApp, type SharedRoute, type TestRoutes } from './http/app';
import { adminSettings } from './admin/settings';
import type { FastLane } from './http/fast-lane';
import type { Dialect } from './http/dialect';
import type { MountedDialect } from './http/mount';
import { createStore } from './store';
import type { TokenStore } from './core/store';
import { SequenceBlocks } from './core/sequences';
import { CoreEventBus } from './core/events';
import { subscribeLog } from './http/event-log';
import { GatewayMetrics, metricsSettings } from './metrics';
import type { RequestObserver } from './http/route-names';
import type { ClaimsControl } from './testing/claims';
import type { Faults } from './testing/faults';
import { Shadows } from './shadow';

export interface Runtime {
  app: Express;
  engine: TokenEngine;
  store: TokenStore;
  mounted: MountedDialect[];
  /** Health probes, docs and sign-in: the gateway's own routes. */
  sharedRoutes: SharedRoute[];
  /** The dialects' exact-path routes, dispatched without express's router walk. */
  fastLane: FastLane;
  /** Present when `metrics.enabled`; `serve` starts their own listener when `metrics.port` is set. */
  metrics?: GatewayMetrics;
  config: RawConfig;
  /** Applies a new configuration's clients and users; other changes need a restart (returned by key). */
  reload(config: RawConfig): Promise<{ ignored: string[] }>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: RawConfig;
  dialects: Dialect[];
  logger: Logger;
  /** Injected clock (epoch seconds), for tests. */
  now?: () => number;
  /** The same injected clock in epoch milliseconds (error-page timestamps); `now() * 1000` without it. */
  nowMs?: () => number;
  /** Each sees every answered request (a test gateway's request log); none are installed unless given. */
  observers?: RequestObserver[];
  /** A store built by the caller (tests share one across runtimes). */
  store?: TokenStore;
  /** The built-in demo configuration: its plain secrets are public on purpose (one info line, no warnings). */
  demo?: boolean;
  /** Per-call claims for tests (`claims.next`); read at issuance only when given. */
  claims?: ClaimsControl;
  /** Scripted faults for tests: installs the request hook and the store wrapper (nothing of either without it). */
  faults?: Faults;
  /** The test controls over HTTP (`test_mode`, from `createTestControls`): mounted only when given. */
  testRoutes?: TestRoutes;
}

/** Builds the whole gateway from a validated configuration. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const measured = metricsSettings(config.metrics);
  const metrics = measured && new GatewayMetrics(measured);
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const nowMs = options.nowMs ?? (options.now ? () => now() * 1000 : Date.now);
  const bcrypt = new BcryptPool(config.bcrypt?.threads, {
    maxWaitMs: config.bcrypt?.max_wait_ms ?? DEFAULT_ADMISSION.maxWaitMs,
    suspectMaxWaitMs: config.bcrypt?.suspect_max_wait_ms ?? DEFAULT_ADMISSION.suspectMaxWaitMs,
    maxQueue: config.bcrypt?.max_queue ?? DEFAULT_ADMISSION.maxQueue,
  });
  const cost = config.bcrypt?.cost ?? 10;
  const backing = options.store ?? (await createStore(config.store ?? 'memory', () => now() * 1000, logger));
  const reachable = options.faults ? options.faults.wrapStore(backing) : backing;
  const store = metrics ? metrics.instrumentStore(reachable) : reachable;
  try {
    if (!config.secret) {
      logger.warn('no server secret configured: a random one is used, so stored tokens do not survive a restart and processes cannot share a store');
    }
    const serverSecret = config.secret ? new ServerSecret(config.secret) : ServerSecret.random();
    const [{ clients, plain: plainClients }, { users, plain: plainUsers }] = await Promise.all([
      buildClients(config.clients ?? [], bcrypt, cost),
      buildUsers(config.users ?? [], bcrypt, cost),
    ]);
    reportPlainSecrets(logger, { clients: plainClients, users: plainUsers }, options.demo);
    let keysShared = true;
    const keys = await KeyRing.load(config.keys?.rsa, store, serverSecret).catch((error: unknown) => {
      logger.warn({ err: error }, 'store unreachable at start-up: signing with a key of this process until the store answers');
      keysShared = false;
      return new KeyRing([KeyRing.generate()]);
    });
    const keySync = config.keys?.rsa?.length
      ? undefined
      : new SharedKeySync(
          keys,
          store,
          serverSecret,
          {
            retryMs: config.keys?.shared_retry_ms ?? 2000,
            checkMs: config.keys?.shared_check_ms ?? 30_000,
            onAdopt: (kids) => logger.info({ kids }, 'signing with the key shared through the store'),
            onError: (error) => logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'could not check the shared signing key: checking again every round, reported again once it answers'),
            onRecover: () => logger.info('the shared signing key is checked again'),
          },
          keysShared,
        );
    const settings: EngineSettings = {
      issuer: config.issuer.replace(/\/+$/, ''),
      adminRole: config.admin_role ?? 'admin',
      expiredTokenMemorySeconds: config.expired_token_memory ?? 600,
    };
    const secrets = new SecretVerifier(bcrypt, serverSecret, {
      cacheTtlSeconds: config.secret_cache?.ttl_seconds ?? 300,
      cacheSize: config.secret_cache?.size ?? 10_000,
    });
    const events = new CoreEventBus((error, name) => logger.error({ err: error, event: name }, 'an event listener failed'));
    subscribeLog(events, logger);
    const lockout = new Lockout(store, serverSecret.deriveKey('signin lockout'), lockoutRules(config.signin?.lockout), now);
    const context: EngineContext = { store, events, sequences: new SequenceBlocks(store), directory: new Directory(clients, users), secrets, serverSecret, keys, lockout, settings, now, nowMs };
    if (options.claims) context.claims = options.claims;
    let current = config;
    const engine = new TokenEngine(context);
    const shadows = new Shadows(metrics?.registry);
    const admin = await adminSettings(config.admin, { bcrypt, serverSecret, cost, cacheTtlSeconds: config.secret_cache?.ttl_seconds ?? 300, logger });
    const { app, mounted, sharedRoutes, fastLane } = await createApp({
      engine,
      metrics,
      dialects: options.dialects,
      sections: config.dialects ?? {},
      logger,
      bodyLimit: config.http?.body_limit ?? '64kb',
      trustProxy: config.http?.trust_proxy ?? false,
      signIn: config.signin,
      docs: config.docs,
      admin,
      faults: options.faults,
      shadows,
      observers: options.observers,
      testRoutes: options.testRoutes,
    });
    keySync?.start();
    metrics?.countEvents(events);
    metrics?.watchBcrypt(bcrypt.admission);
    metrics?.watchStore(() => engine.ready());
    return {
      app,
      engine,
      store,
      mounted,
      sharedRoutes,
      fastLane,
      metrics,
      get config() {
        return current;
      },
      async reload(next: RawConfig) {
        const [{ clients: nextClients, plain: plainClients }, { users: nextUsers, plain: plainUsers }] = await Promise.all([
          buildClients(next.clients ?? [], bcrypt, next.bcrypt?.cost ?? cost),
          buildUsers(next.users ?? [], bcrypt, next.bcrypt?.cost ?? cost),
        ]);
        reportPlainSecrets(logger, { clients: plainClients, users: plainUsers });
        engine.replaceDirectory(new Directory(nextClients, nextUsers));
        const ignored = changedKeysNeedingRestart(current, next);
        current = { ...current, clients: next.clients, users: next.users };
        return { ignored };
      },
      async close() {
        keySync?.stop();
        await shadows.close();
        secrets.clear();
        await bcrypt.close();
        if (!options.store) await store.close();
      },
    };
  } catch (error) {
    await bcrypt.close();
    if (!options.store) await store.close();
    throw error;
  }
}

/** Top-level keys other than clients and users whose change only a restart applies. */
function changedKeysNeedingRestart(before: RawConfig, after: RawConfig): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('clients');
  keys.delete('users');
  return [...keys].filter((key) => JSON.stringify(before[key as keyof RawConfig]) !== JSON.stringify(after[key as keyof RawConfig])).sort();
}
