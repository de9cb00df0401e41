#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DIALECTS } from '../dialects';
import { ConfigError } from './config/validate';
import { loadConfig, readConfigFile, type Environment } from './config/load';
import { demoConfig } from './config/demo';
import { createLogger } from './http/logger';
import { createRuntime, type Runtime } from './runtime';
import type { Logger } from 'pino';
import { listen } from './server';
import { BcryptPool } from './core/secrets/bcrypt-pool';
import { contractCommand } from './contract/command';
import { importCommand, type ImportCommandOptions } from './import/command';
import { CONTRACTS } from './contract/scripts';
import { defaultProfileOf } from './contract/types';
import { projectRoot } from './project-root';
import { startupBanner } from './banner';
import { createTestControls } from './testing/test-controls';
import { readReport, summariseReport } from './shadow';

/** Costs above this take seconds per hash, and every verification of the secret takes as long. */
const SLOW_BCRYPT_COST = 14;

const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;

function port(value: string): number {
  if (!isPort(Number(value))) throw new InvalidArgumentError('must be a port number (0-65535)');
  return Number(value);
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1) throw new InvalidArgumentError('must be a whole number of milliseconds, at least 1');
  return n;
}

function bcryptCost(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 4 || n > 31) throw new InvalidArgumentError('must be a whole number from 4 to 31 (the costs bcrypt accepts; 10 to 12 is usual)');
  return n;
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must be an absolute http:// or https:// URL');
  return value;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Not an InvalidArgumentError: that would pass for a command-line usage error, which commander has already printed. */
function portFromEnvironment(value: string): number {
  if (!isPort(Number(value))) throw new Error(`PORT=${value}: must be a port number (0-65535)`);
  return Number(value);
}

/**
 * SIGTERM / SIGINT, listened for from the start: one arriving while the gateway starts stops it
 * cleanly instead of killing it. A second one kills it.
 */
function stopSignal(): { requested: () => boolean; received: Promise<void> } {
  let requested = false;
  const received = new Promise<void>((resolve) => {
    const onSignal = () => {
      requested = true;
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      resolve();
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  });
  return { requested: () => requested, received };
}

async function serve(options: { config?: string; port?: number; host: string; testModeAllowRemote?: boolean }, env: Environment): Promise<void> {
  const stop = stopSignal();
  const listenPort = options.port ?? (env.PORT ? portFromEnvironment(env.PORT) : 8080);
  const file = options.config ?? env.OAUTH_DIALECTS_CONFIG;
  const source = file ? readConfigFile(file) : demoConfig(`http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${listenPort}`);
  const config = loadConfig(source, DIALECTS, env);
  const logger = createLogger(config.log_level ?? 'info');
  const controls = config.test_mode ? createTestControls(config, { host: options.host, logger, allowRemote: options.testModeAllowRemote }) : undefined;
  const runtime = await createRuntime({ config, dialects: DIALECTS, logger, demo: !file, ...controls?.runtimeOptions }).catch(async (error: unknown) => {
    await controls?.close();
    throw error;
  });
  if (stop.requested()) {
    await runtime.close();
    await controls?.close();
    process.exit(0);
  }
  const running = await listen(runtime, listenPort, options.host, logger, config.http?.shutdown_grace_ms);
  const lines = startupBanner(runtime, running.url, file);
  if (running.metrics) lines.splice(1, 0, `  Prometheus metrics on a port of their own: GET ${running.metrics.url}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (file) {
    process.on('SIGHUP', () => {
      reloadClientsAndUsers(runtime, file, env, logger);
    });
  }
  stop.received
    .then(() => running.shutdown())
    .then(() => controls?.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
}

/** SIGHUP: re-read the file; a bad file is logged and the running configuration kept. */
function reloadClientsAndUsers(runtime: Runtime, file: string, env: Environment, logger: Logger): void {
  Promise.resolve()
    .then(() => runtime.reload(loadConfig(readConfigFile(file), DIALECTS, env)))
    .then(
      ({ ignored }) => {
        logger.info({ file }, 'configuration reloaded: clients and users replaced');
        if (ignored.length > 0) logger.warn({ keys: ignored }, 'these changes need a restart and were not applied');
      },
      (error: unknown) => {
        const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
        logger.error({ file, problems }, 'configuration not reloaded; the running one is kept');
      },
    );
}

export function buildProgram(env: Environment = process.env): Command {
  const program = new Command('oauth-dialects')
    .description('One OAuth token engine behind several vendors\' token APIs')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    // Usage errors exit 2 (see the entry point below); set before the commands, which inherit it.
    .exitOverride();
  program
    .command('serve')
    .description('start the gateway (the built-in demo configuration on the memory store when no config is given)')
    .option('-c, --config <file>', 'configuration file (YAML or JSON); env OAUTH_DIALECTS_CONFIG')
    .option('-p, --port <n>', 'port to listen on; env PORT (default 8080)', port)
    .option('-H, --host <host>', 'address to bind', '127.0.0.1')
    .option('--test-mode-allow-remote', 'with test_mode, allow a host that is not a loopback address (as test_mode_allow_remote: true)')
    .action((options) => serve(options, env));
  program
    .command('hash-secret')
    .description('read a secret on standard input and print its bcrypt hash')
    .option('--cost <n>', 'bcrypt cost, 4 to 31; each step doubles the time', bcryptCost, 10)
    .action(async (options: { cost: number }) => {
      const secret = await readStdin();
      if (!secret) throw new Error('no secret on standard input');
      if (options.cost > SLOW_BCRYPT_COST) {
        process.stderr.write(`oauth-dialects: warning: bcrypt cost ${options.cost} is slow: hashing, and every check of this secret, takes about ${2 ** (options.cost - 10)} times as long as at cost 10\n`);
      }
      const pool = new BcryptPool(1);
      try {
        process.stdout.write(`${await pool.hash(secret, options.cost)}\n`);
      } finally {
        await pool.close();
      }
    });
  program
    .command('check-config')
    .description('validate a configuration file and print every problem with its path')
    .argument('<file>')
    .action((file: string) => {
      loadConfig(readConfigFile(file), DIALECTS, env);
      process.stdout.write(`${file}: ok\n`);
    });
  program
    .command('import')
    .description("turn a legacy provider's clients and users into a configuration fragment (clients: and users:) to merge into a config")
    .option('--spring-clients <file>', "Spring Security OAuth's oauth_client_details table as CSV, its column names as the header")
    .option('--cas-services <dir>', "CAS's JSON service registry: a directory of OAuthRegisteredService / OidcRegisteredService *.json files")
    .option('--users <file>', 'users as CSV: username,password_hash[,uid,email,phone_number,name,roles,status], bcrypt hashes only')
    .option('-o, --out <file>', 'write the fragment to this file (default: standard output)')
    .addOption(new Option('--format <format>', 'fragment format').choices(['yaml', 'json']).default('yaml'))
    .action((options: ImportCommandOptions) => {
      process.exitCode = importCommand(options, (text) => process.stdout.write(text), (line) => process.stderr.write(`${line}\n`));
    });
  program
    .command('contract')
    .description("run a dialect's contract (its JSON Schemas and scripted requests) against any server: the gateway or a legacy provider")
    .addOption(new Option('--dialect <name>', 'dialect whose contract to run').choices(CONTRACTS.map((c) => c.dialect)).makeOptionMandatory())
    .requiredOption('--base-url <url>', "where the dialect lives, e.g. http://127.0.0.1:8080/std (the gateway's base_path included)", httpUrl)
    .option('--profile <name>', "the vendor version the server should behave as (default: the dialect's default; see below)")
    .option('--client-id <id>', 'client id (default: the demo configuration\'s vendor example)')
    .option('--client-secret <secret>', 'client secret')
    .option('--username <name>', 'user name')
    .option('--password <password>', 'user password')
    .option('--param <name=value>', "a parameter of the dialect's script, e.g. auth_source_id=… for ciam (repeatable)", (value: string, all: string[] = []) => [...all, value])
    .option('--json [file]', 'also write a machine-readable report to this file; without a file, print only the report, as JSON, on stdout')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', milliseconds, 10_000)
    .addHelpText('after', `\nProfiles (the first is the default):\n${CONTRACTS.map((c) => `  ${c.dialect.padEnd(9)} ${[defaultProfileOf(c), ...c.profiles.filter((p) => p !== defaultProfileOf(c))].join(', ')}`).join('\n')}`)
    .action(async (options: Parameters<typeof contractCommand>[0]) => {
      process.exitCode = await contractCommand(options, (line) => process.stdout.write(`${line}\n`));
    });
  program
    .command('shadow-report')
    .description("summarise a shadow report (dialects.<name>.upstream.shadow): per endpoint and kind of difference, a count and one example")
    .argument('<file>', 'the JSON-lines report (upstream.shadow_report)')
    .action((file: string) => {
      for (const line of summariseReport(file, readReport(file))) process.stdout.write(`${line}\n`);
    });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      // Commander has printed its message (or the help, or the version) already.
      if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
      if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`oauth-dialects: ${(error as Error).message}\n`);
      process.exit(1);
    });
}
