#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { DIALECTS } from '../dialects';
import { ConfigError } from './config/validate';
import { loadConfig, readConfigFile, type Environment } from './config/load';
import { demoConfig } from './config/demo';
import { createLogger } from './http/logger';
import { createRuntime, type Runtime } from './runtime';
import type { Logger } from 'pino';
import { listen } from './server';
import { BcryptPool } from './core/secrets/bcrypt-pool';
import { joinPath } from './http/mount';
import { contractCommand } from './contract/command';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function serve(options: { config?: string; port?: number; host: string }, env: Environment): Promise<void> {
  const listenPort = options.port ?? (env.PORT ? port(env.PORT) : 8080);
  const file = options.config ?? env.OAUTH_DIALECTS_CONFIG;
  const source = file ? readConfigFile(file) : demoConfig(`http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${listenPort}`);
  const config = loadConfig(source, DIALECTS, env);
  const logger = createLogger(config.log_level ?? 'info');
  const runtime = await createRuntime({ config, dialects: DIALECTS, logger });
  const running = await listen(runtime, listenPort, options.host, logger, config.http?.shutdown_grace_ms);
  const lines = [`oauth-dialects listening on ${running.url} (store: ${runtime.store.kind}${file ? `, config: ${file}` : ', built-in demo configuration'})`];
  for (const { dialect, context, routes } of runtime.mounted) {
    lines.push(`  ${dialect.title} [${dialect.name}]`);
    for (const route of routes) lines.push(`    ${route.method.padEnd(6)} ${running.url}${joinPath(context.basePath, route.path)}`);
  }
  if (!file) {
    const demo = source as ReturnType<typeof demoConfig>;
    lines.push('  Demo credentials (public, for trying things out only):');
    for (const client of demo.clients ?? []) lines.push(`    client ${client.client_id}${client.client_secret ? ` / ${client.client_secret}` : ' (public)'}`);
    for (const user of demo.users ?? []) lines.push(`    user   ${user.username} / ${user.password}${user.status && user.status !== 'active' ? ` (${user.status})` : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (file) {
    process.on('SIGHUP', () => {
      reloadClientsAndUsers(runtime, file, env, logger);
    });
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.shutdown().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
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
  const program = new Command('oauth-dialects').description('One OAuth token engine behind several vendors\' token APIs').showHelpAfterError();
  program
    .command('serve')
    .description('start the gateway (the built-in demo configuration on the memory store when no config is given)')
    .option('-c, --config <file>', 'configuration file (YAML or JSON); env OAUTH_DIALECTS_CONFIG')
    .option('-p, --port <n>', 'port to listen on; env PORT (default 8080)', port)
    .option('-H, --host <host>', 'address to bind', '127.0.0.1')
    .action((options) => serve(options, env));
  program
    .command('hash-secret')
    .description('read a secret on standard input and print its bcrypt hash')
    .option('--cost <n>', 'bcrypt cost', (v) => Number(v), 10)
    .action(async (options: { cost: number }) => {
      const secret = await readStdin();
      if (!secret) throw new Error('no secret on standard input');
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
    .command('contract')
    .description("run a dialect's contract (its JSON Schemas and scripted requests) against any server: the gateway or a legacy provider")
    .requiredOption('--dialect <name>', 'dialect whose contract to run')
    .requiredOption('--base-url <url>', "where the dialect lives, e.g. http://127.0.0.1:8080/std (the gateway's base_path included)")
    .option('--profile <name>', "the dialect's profile (default: the dialect's default)")
    .option('--client-id <id>', 'client id (default: the demo configuration\'s vendor example)')
    .option('--client-secret <secret>', 'client secret')
    .option('--username <name>', 'user name')
    .option('--password <password>', 'user password')
    .option('--param <name=value>', "a parameter of the dialect's script, e.g. auth_source_id=… for ciam (repeatable)", (value: string, all: string[] = []) => [...all, value])
    .option('--json [file]', 'also write a machine-readable report to this file; without a file, print only the report, as JSON, on stdout')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', (v) => Number(v), 10_000)
    .action(async (options: Parameters<typeof contractCommand>[0]) => {
      process.exitCode = await contractCommand(options, (line) => process.stdout.write(`${line}\n`));
    });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`oauth-dialects: ${(error as Error).message}\n`);
      process.exit(1);
    });
}
