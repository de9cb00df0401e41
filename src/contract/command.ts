import { writeFileSync } from 'node:fs';
import { formatReport, runContract } from './runner';
import { contractFor } from './scripts';

export interface ContractCommandOptions {
  dialect: string;
  baseUrl: string;
  profile?: string;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
  json?: string;
  timeout?: number;
}

/** `oauth-dialects contract`: one line per check, the summary, and the exit code (1 on any failure). */
export async function contractCommand(options: ContractCommandOptions, write: (line: string) => void): Promise<number> {
  const script = contractFor(options.dialect);
  const report = await runContract(script, {
    baseUrl: options.baseUrl,
    profile: options.profile ?? script.defaultProfile,
    clientId: options.clientId ?? script.defaults.clientId,
    clientSecret: options.clientSecret ?? script.defaults.clientSecret,
    username: options.username ?? script.defaults.username,
    password: options.password ?? script.defaults.password,
    timeoutMs: options.timeout,
  });
  for (const line of formatReport(report)) write(line);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.failed > 0 ? 1 : 0;
}
