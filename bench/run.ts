/**
 * `npm run bench`: the gateway against express hello, a Redis floor and oidc-provider 9, in
 * interleaved rounds; every dialect against the standard one; Redis memory per token; latency
 * with a large live store. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/project-root';
import { startChild, stopAllChildren } from './children';
import { credentials, gatewaySetup } from './gateway-config';
import { measureFlood, type FloodResult } from './flood';
import { measureLiveTokens, type LiveTokensResult } from './live-tokens';
import { interruptLoad, loadInterrupted, type Target } from './load';
import { measureMemoryPerToken, type MemoryResult } from './memory';
import { obtainToken, requireActive, requireGoodAnswer, requireStoredByFloor, requireStoredByOidcProvider } from './probes';
import { startRedisServer, type BenchRedis } from './redis-server';
import { buildReport, describeMachine, printReport, writeReport } from './report';
import { measureInterleaved, summarize } from './rounds';
import { estimateSeconds } from './schedule';
import { readSettings, type Settings } from './settings';
import { DIALECTS_COMPARED, dialectTokenTarget, formTarget, helloTarget, introspectionTargets, tokenTargets, type ServerUrls } from './targets';
import { comparisons, floodComparisons } from './verdicts';

const TOKEN_TTL_SECONDS = 3600;
const RESULTS_FILE = path.join(projectRoot(), 'bench', 'results', 'latest.json');

let redis: BenchRedis | undefined;
const prefixes: Record<string, string> = {};

async function main(settings: Settings): Promise<number> {
  const startedAt = Date.now();
  const loadAtStart = os.loadavg();
  if (loadAtStart[0] > os.cpus().length * 0.5) {
    console.warn(`warning: load average ${loadAtStart[0].toFixed(2)} on ${os.cpus().length} CPUs before the run; other work will skew the numbers`);
  }
  const run = randomBytes(4).toString('hex');
  prefixes.gateway = `oauthd-bench:${run}:`;
  prefixes.floor = `oauthd-bench-floor:${run}:`;
  prefixes.oidcProvider = `oauthd-bench-oidc:${run}:`;
  prefixes.flood = `oauthd-bench-flood:${run}:`;

  redis = await startRedisServer(settings.redisServer);
  console.log(`redis-server ${redis.url} (the bench's own, no persistence)`);
  if (settings.only === 'flood') return floodOnly(settings, redis, startedAt, loadAtStart);
  const setup = await gatewaySetup(redis.url, prefixes.gateway);
  const oidcClient = credentials('bench-oidc');
  const script = (name: string) => path.join(__dirname, 'servers', name);
  const [hello, floor, oidcProvider, gateway] = await Promise.all([
    startChild('express hello', script('hello.js'), {}),
    startChild('floor', script('floor.js'), { redisUrl: redis.url, keyPrefix: prefixes.floor, ttlSeconds: TOKEN_TTL_SECONDS }),
    startChild('oidc-provider', script('oidc-provider.mjs'), {
      redisUrl: redis.url,
      keyPrefix: prefixes.oidcProvider,
      issuer: 'http://127.0.0.1/oidc-provider',
      clientId: oidcClient.clientId,
      clientSecret: oidcClient.secret,
      scope: setup.scope,
      ttlSeconds: TOKEN_TTL_SECONDS,
    }),
    startChild('gateway', script('gateway.js'), { config: setup.config }),
  ]);
  const urls: ServerUrls = { hello: hello.url, floor: floor.url, oidcProvider: oidcProvider.url, gateway: gateway.url };

  // Before the runs: every target answers right, and each introspection target has its token.
  const tokens = tokenTargets(urls, setup, oidcClient);
  const dialectTargets = DIALECTS_COMPARED.map((dialect) => dialectTokenTarget(dialect, urls.gateway, setup));
  await requireGoodAnswer(helloTarget(urls));
  const introspected = {
    floor: await obtainToken(tokens.floor),
    oidcProvider: await obtainToken(tokens.oidcProvider),
    gateway: await obtainToken(tokens.gateway),
  };
  const introspection = introspectionTargets(urls, setup, oidcClient, introspected);
  await requireStoredByFloor(redis.client, prefixes.floor, introspected.floor);
  await requireStoredByOidcProvider(redis.client, prefixes.oidcProvider, introspected.oidcProvider);
  const requireAllActive = async () => {
    for (const key of ['floor', 'oidcProvider', 'gateway'] as const) await requireActive(introspection[key], introspected[key], `the ${key} token`);
  };
  await requireAllActive();
  // Every dialect's token is a real one: the standard endpoint finds it active (one engine behind every door).
  for (const target of dialectTargets) await requireActive(introspection.gateway, await obtainToken(target), target.label);

  const failures: string[] = [];
  const ordered: Target[] = [helloTarget(urls), tokens.floor, tokens.oidcProvider, tokens.gateway, introspection.floor, introspection.oidcProvider, introspection.gateway, ...dialectTargets];
  const throughput = await measureInterleaved(ordered, { rounds: settings.rounds, warmupSeconds: settings.warmup, seconds: settings.duration, connections: settings.connections }, failures);
  await requireAllActive();
  // Each 2xx of the floor and of oidc-provider left its own record: nothing answered without writing.
  const requestsTo = (target: Target) => {
    const runs = throughput.find((t) => t.target === target)!;
    return [...runs.warmups, ...runs.rounds].reduce((sum, m) => sum + m.totalRequests, 0);
  };
  for (const [name, target, prefix] of [['floor', tokens.floor, prefixes.floor], ['oidc-provider', tokens.oidcProvider, prefixes.oidcProvider]] as const) {
    const stored = await redis.countUnderPrefix(prefix);
    if (stored < requestsTo(target)) failures.push(`${name}: ${requestsTo(target)} tokens issued but only ${stored} keys under ${prefix}`);
  }
  const summary = (target: Target) => summarize(throughput.find((t) => t.target === target)!.rounds);

  // Memory per token: an empty store, then N tokens of each kind through HTTP.
  await redis.flush();
  console.log(`memory: ${settings.memoryTokens} client_credentials tokens, then ${settings.memoryBundles} password grants (access + refresh token)`);
  const passwordGrant = formTarget(
    'gateway.password',
    'password (access + refresh token)',
    `${urls.gateway}/std/token`,
    `grant_type=password&username=${encodeURIComponent(setup.user.username)}&password=${encodeURIComponent(setup.user.password)}&scope=${setup.scope}`,
    setup.clients.standard.authorization,
    (body) => body.includes('"refresh_token"'),
  );
  const memory: MemoryResult[] = [
    await measureMemoryPerToken(redis, { ...tokens.gateway, label: 'client_credentials (access token)' }, settings.memoryTokens, settings.connections, failures),
    await measureMemoryPerToken(redis, passwordGrant, settings.memoryBundles, settings.connections, failures),
  ];

  const flood = await floodPart(settings, redis, failures);

  let liveTokens: LiveTokensResult | undefined;
  if (settings.liveTokens > 0) {
    liveTokens = await measureLiveTokens(redis, gateway, urls.gateway, setup, tokens.gateway, {
      liveTokens: settings.liveTokens,
      rounds: settings.rounds,
      warmupSeconds: settings.warmup,
      seconds: settings.duration,
      connections: settings.connections,
      preloadConcurrency: settings.preloadConcurrency,
    }, failures);
  }

  const cleanup = await cleanUp();
  const report = buildReport({
    failures,
    machine: describeMachine(loadAtStart),
    settings,
    secondsTaken: (Date.now() - startedAt) / 1000,
    throughput,
    comparisons: comparisons(
      {
        hello: summary(ordered[0]),
        floor: { clientCredentials: summary(tokens.floor), introspection: summary(introspection.floor) },
        oidcProvider: { clientCredentials: summary(tokens.oidcProvider), introspection: summary(introspection.oidcProvider) },
        gateway: { clientCredentials: summary(tokens.gateway), introspection: summary(introspection.gateway) },
        dialects: dialectTargets.map((target) => ({ name: target.label, summary: summary(target) })),
      },
      memory,
      liveTokens,
    ).concat(floodComparisons(flood)),
    memory,
    liveTokens,
    flood,
    cleanup,
  });
  printReport(report);
  writeReport(report, RESULTS_FILE);
  console.log(`results: ${path.relative(process.cwd(), RESULTS_FILE)}`);
  console.log(`cleanup: ${Object.entries(cleanup).map(([prefix, n]) => `${n} key(s) under ${prefix}`).join(', ')} deleted; servers and redis-server stopped`);
  return report.passed ? 0 : 1;
}

async function floodPart(settings: Settings, server: BenchRedis, failures: string[]): Promise<FloodResult | undefined> {
  if (settings.floodConnections === 0) return undefined;
  console.log(`flood: ${settings.floodConnections} connections of wrong passwords, ${settings.floodSamples} legitimate password grants idle and under the flood`);
  return measureFlood(server.url, prefixes.flood, { connections: settings.floodConnections, samples: settings.floodSamples }, failures);
}

/** `BENCH_ONLY=flood`: the flood part alone. */
async function floodOnly(settings: Settings, server: BenchRedis, startedAt: number, loadAtStart: number[]): Promise<number> {
  const failures: string[] = [];
  const flood = await floodPart(settings, server, failures);
  const cleanup = await cleanUp();
  const report = buildReport({ failures, machine: describeMachine(loadAtStart), settings, secondsTaken: (Date.now() - startedAt) / 1000, throughput: [], comparisons: floodComparisons(flood), memory: [], flood, cleanup });
  printReport(report);
  writeReport(report, RESULTS_FILE);
  return report.passed ? 0 : 1;
}

let cleaned: Promise<Record<string, number>> | undefined;

/** Stops every child, deletes the keys under every bench prefix and stops redis-server; once. */
function cleanUp(): Promise<Record<string, number>> {
  return (cleaned ??= (async () => {
    await stopAllChildren();
    const deleted: Record<string, number> = {};
    const server = redis;
    if (!server) return deleted;
    try {
      for (const prefix of Object.values(prefixes)) deleted[prefix] = await server.deleteUnderPrefix(prefix);
      const left = await server.keyCount();
      if (left > 0) throw new Error(`${left} key(s) left on the bench's redis-server after deleting the bench prefixes`);
    } finally {
      await server.stop();
    }
    return deleted;
  })());
}

function onSignal(signal: NodeJS.Signals): void {
  if (loadInterrupted()) process.exit(130);
  console.error(`\n${signal}: stopping the runs and cleaning up (again to quit at once)`);
  interruptLoad();
  void stopAllChildren();
}

function armWatchdog(settings: Settings): NodeJS.Timeout {
  const estimate = estimateSeconds(settings);
  const limit = Math.ceil(estimate * 2 + 120);
  console.log(`estimated duration ${(estimate / 60).toFixed(1)} min; the watchdog ends the run after ${(limit / 60).toFixed(1)} min`);
  const timer = setTimeout(() => {
    console.error(`bench did not finish within ${limit} s; cleaning up and exiting`);
    interruptLoad();
    const exit = () => process.exit(1);
    setTimeout(exit, 30_000).unref();
    cleanUp().then(exit, exit);
  }, limit * 1000);
  timer.unref();
  return timer;
}

async function start(): Promise<void> {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const watchdog = armWatchdog(settings);
  let code = 1;
  try {
    code = await main(settings);
  } catch (error) {
    console.error(`bench failed: ${loadInterrupted() ? 'interrupted' : error instanceof Error ? error.message : String(error)}`);
    code = loadInterrupted() ? 130 : 1;
  }
  try {
    await cleanUp();
  } catch (error) {
    console.error(`cleanup failed: ${(error as Error).message}`);
    code = 1;
  }
  clearTimeout(watchdog);
  process.exitCode = code;
  // Everything is closed by now; anything still holding the event loop is a leak, not a reason to hang.
  setTimeout(() => {
    console.error('something still held the event loop after clean-up; exiting');
    process.exit(code);
  }, 5_000).unref();
}

void start();
