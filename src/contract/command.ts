import { writeFileSync } from 'node:fs';
import { formatReport, runContract } from './runner';
import { contractFor } from './scripts';
import { defaultProfileOf, type ContractScript } from './types';

export interface ContractCommandOptions {
  dialect: string;
  baseUrl: string;
  profile?: string;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
  /** `name=value` pairs for the script's own parameters. */
  param?: string[];
  /** A file for the JSON report, or `true`: the JSON report instead of the lines on stdout. */
  json?: string | boolean;
  timeout?: number;
}

/** The script's parameters: its defaults, overridden by `--param name=value`; an unknown name is an error. */
export function scriptParams(script: ContractScript, pairs: readonly string[] = []): Record<string, string> {
  const known = script.parameters ?? {};
  const params = Object.fromEntries(Object.entries(known).map(([name, p]) => [name, p.default]));
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    if (!(name in known)) {
      const names = Object.keys(known);
      throw new Error(`dialect ${script.dialect} has no parameter "${name}" (${names.length ? `known: ${names.join(', ')}` : 'it takes none'})`);
    }
    if (at < 0) throw new Error(`--param ${pair}: expected name=value`);
    params[name] = pair.slice(at + 1);
  }
  return params;
}

/** `oauth-dialects contract`: one line per check, the summary, and the exit code (1 on any failure). */
export async function contractCommand(options: ContractCommandOptions, write: (line: string) => void): Promise<number> {
  const script = contractFor(options.dialect);
  const report = await runContract(script, {
    baseUrl: options.baseUrl,
    profile: options.profile ?? defaultProfileOf(script),
    clientId: options.clientId ?? script.defaults.clientId,
    clientSecret: options.clientSecret ?? script.defaults.clientSecret,
    username: options.username ?? script.defaults.username,
    password: options.password ?? script.defaults.password,
    params: scriptParams(script, options.param),
    timeoutMs: options.timeout,
  });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (options.json === true) write(json.trimEnd());
  else for (const line of formatReport(report)) write(line);
  if (typeof options.json === 'string') writeFileSync(options.json, json);
  return report.failed > 0 || report.problem ? 1 : 0;
}
