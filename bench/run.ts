/**
 * Throughput benchmark: the gateway in-process on Redis against an express hello-world in
 * the same process. See bench/README.md. Run with `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { countBcryptCompares, interruptLoad, loadInterrupted, measureTargets, WARMUP_SECONDS, type Target } from './load';
import { introspectionBody, introspectionIsActive, obtainToken, requireBaselineAnswers, TOKEN_REQUEST_BODY } from './probes';
import { deleteBenchKeys, requireRedis } from './redis';
import { reportResults } from './report';
import { createBenchClient, gatewayConfig, startBaseline, startGateway, type StartedServer } from './servers';
import { DEFAULT_DURATION_SECONDS, readSettings } from './settings';

let cleanupFailed = false;

async function main(): Promise<number> {
  const settings = readSettings();
  await requireRedis(settings.redisUrl);
  countBcryptCompares();
  const loadAtStart = os.loadavg()[0];
  if (loadAtStart > os.cpus().length * 0.75) {
    process.stderr.write(`warning: load average ${loadAtStart.toFixed(2)} on ${os.cpus().length} CPUs before the run; other work will skew the numbers\n`);
  }

  const prefix = `oauthd-bench:${randomBytes(6).toString('hex')}:`;
  const client = await createBenchClient();
  const config = gatewayConfig(settings.redisUrl, prefix, client);

  let gateway: StartedServer | undefined;
  let baseline: StartedServer | undefined;
  try {
    gateway = await startGateway(config);
    baseline = await startBaseline();

    const tokenUrl = `${gateway.url}/std/token`;
    const introspectUrl = `${gateway.url}/std/introspect`;
    const helloUrl = `${baseline.url}/hello`;
    // One token for the introspection target; this request also runs the one bcrypt the secret cache needs.
    const token = await obtainToken(tokenUrl, client.authorization);
    if (!(await introspectionIsActive(introspectUrl, client.authorization, token))) throw new Error('the token obtained for introspection is not active');
    await requireBaselineAnswers(helloUrl);

    const form = { authorization: client.authorization, 'content-type': 'application/x-www-form-urlencoded' };
    const targets: Target[] = [
      { name: 'client_credentials', method: 'POST', url: tokenUrl, headers: form, body: TOKEN_REQUEST_BODY },
      { name: 'introspection', method: 'POST', url: introspectUrl, headers: form, body: introspectionBody(token) },
      { name: 'hello-world baseline', method: 'GET', url: helloUrl },
    ];
    const results = await measureTargets(targets, settings);
    if (loadInterrupted()) {
      process.stderr.write('interrupted: no results written\n');
      return 1;
    }
    if (!(await introspectionIsActive(introspectUrl, client.authorization, token))) throw new Error('the introspected token was no longer active after the run');

    return reportResults(results, settings, loadAtStart) ? 0 : 1;
  } finally {
    if (baseline) await baseline.close();
    if (gateway) await gateway.close();
    try {
      const deleted = await deleteBenchKeys(settings.redisUrl, prefix);
      console.log(`cleanup: servers stopped, ${deleted} Redis key(s) under ${prefix} deleted`);
    } catch (error) {
      process.stderr.write(`cleanup: could not delete the keys under ${prefix}: ${(error as Error).message}\n`);
      cleanupFailed = true;
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (loadInterrupted()) process.exit(130);
  process.stderr.write(`\n${signal}: stopping the current run and cleaning up (again to quit at once)\n`);
  interruptLoad();
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// Bounded in time: a hung run is killed (warm-ups + runs + a minute for start-up and clean-up).
// BENCH_DURATION is read leniently here, so the watchdog is armed before the settings are checked.
const deadlineMs = (() => {
  const duration = Number(process.env.BENCH_DURATION) > 0 ? Number(process.env.BENCH_DURATION) : DEFAULT_DURATION_SECONDS;
  return (3 * (duration + WARMUP_SECONDS) + 60) * 1000;
})();
const watchdog = setTimeout(() => {
  process.stderr.write(`bench did not finish within ${deadlineMs / 1000} s; exiting\n`);
  process.exit(1);
}, deadlineMs);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = cleanupFailed ? 1 : code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
).finally(() => {
  clearTimeout(watchdog);
  // Everything is closed by now; anything left holding the event loop is a leak, not a reason to hang.
  setTimeout(() => {
    process.stderr.write('something still held the event loop after clean-up; exiting\n');
    process.exit(process.exitCode ?? 1);
  }, 5_000).unref();
});
