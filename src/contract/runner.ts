import { compareResponse } from './compare';
import { requestUrl, sendRequest } from './http';
import { atPointer } from './pointer';
import type { Captured, Check, CheckResult, ContractReport, ContractScript, Expectation, ScriptOptions } from './types';

export interface RunOptions extends ScriptOptions {
  baseUrl: string;
  timeoutMs?: number;
}

/** A later check asked for a value an earlier response did not give. */
class MissingValue extends Error {}

function capturedProxy(captured: Captured): Captured {
  return new Proxy(captured, {
    get(target, name) {
      if (typeof name !== 'string') return Reflect.get(target, name) as unknown;
      if (!(name in target)) throw new MissingValue(`no ${name}: the check that provides it failed`);
      return target[name];
    },
  });
}

async function runCheck(script: ContractScript, check: Check, captured: Captured, options: RunOptions): Promise<CheckResult> {
  let request;
  try {
    request = typeof check.request === 'function' ? check.request(capturedProxy(captured)) : check.request;
  } catch (error) {
    if (!(error instanceof MissingValue)) throw error;
    return { name: check.name, passed: false, differences: [error.message], request: { method: '', url: '' } };
  }
  const url = requestUrl(options.baseUrl, request);
  let response;
  try {
    response = await sendRequest(options.baseUrl, request, options.timeoutMs ?? 10_000);
  } catch (error) {
    return { name: check.name, passed: false, differences: [`no response: ${(error as Error).message}`], request: { method: request.method, url } };
  }
  const expectations: readonly Expectation[] = Array.isArray(check.expect) ? check.expect : [check.expect as Expectation];
  const compared = expectations.map((expect) => compareResponse(script.dialect, expect, response));
  const differences = compared.some((d) => d.length === 0) ? [] : compared[0];
  for (const [name, pointer] of Object.entries(check.capture ?? {})) {
    const value = atPointer(response.body, pointer);
    if (typeof value === 'string' && value !== '') captured[name] = value;
  }
  return { name: check.name, passed: differences.length === 0, differences, request: { method: request.method, url }, status: response.status };
}

/** Runs a dialect's checks in order against any server; never throws for a server's answer. */
export async function runContract(script: ContractScript, options: RunOptions): Promise<ContractReport> {
  if (!script.profiles.includes(options.profile)) {
    throw new Error(`dialect ${script.dialect} has no profile "${options.profile}" (known: ${script.profiles.join(', ')})`);
  }
  const captured: Captured = {};
  const checks: CheckResult[] = [];
  for (const check of script.checks(options)) checks.push(await runCheck(script, check, captured, options));
  const passed = checks.filter((c) => c.passed).length;
  return { dialect: script.dialect, profile: options.profile, baseUrl: options.baseUrl, passed, failed: checks.length - passed, checks };
}

/** One line per check, then `N passed, N failed`. */
export function formatReport(report: ContractReport): string[] {
  const lines = report.checks.map((c) => (c.passed ? `PASS ${c.name}` : `FAIL ${c.name}: ${c.differences.join('; ')}`));
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines;
}
