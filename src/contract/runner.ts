import { compareResponse } from './compare';
import { requestUrl, sendRequest } from './http';
import { atPointer } from './pointer';
import { cannotReach, noAnswerReason, nothingAnswers } from './run-problem';
import type { Captured, Check, CheckResult, ContractReport, ContractScript, Expectation, ScriptOptions } from './types';

export interface RunOptions extends ScriptOptions {
  baseUrl: string;
  timeoutMs?: number;
}

/** Values taken from earlier responses, and the names whose providing check failed. */
interface RunState {
  captured: Captured;
  failedProviders: Set<string>;
}

/** A later check asked for a value an earlier response did not give. */
class MissingValue extends Error {
  constructor(
    readonly valueName: string,
    providerFailed: boolean,
  ) {
    super(`no ${valueName}: ${providerFailed ? 'the check that provides it failed' : 'no earlier response gave it'}`);
  }
}

function capturedProxy(state: RunState): Captured {
  return new Proxy(state.captured, {
    get(target, name) {
      if (typeof name !== 'string') return Reflect.get(target, name) as unknown;
      if (!(name in target)) throw new MissingValue(name, state.failedProviders.has(name));
      return target[name];
    },
  });
}

function failure(check: Check, state: RunState, differences: string[], request: CheckResult['request']): CheckResult {
  for (const name of Object.keys(check.capture ?? {})) state.failedProviders.add(name);
  return { name: check.name, passed: false, differences, request };
}

/** A check's result; `noAnswer` when its request got no HTTP answer at all (why, in words). */
interface CheckOutcome {
  result: CheckResult;
  noAnswer?: string;
}

async function runCheck(script: ContractScript, check: Check, state: RunState, options: RunOptions): Promise<CheckOutcome> {
  let request;
  try {
    request = typeof check.request === 'function' ? check.request(capturedProxy(state)) : check.request;
  } catch (error) {
    if (!(error instanceof MissingValue)) throw error;
    // An optional check is skipped when the server chose not to give the value, not when it failed to.
    if (check.skipWithout && !state.failedProviders.has(error.valueName)) {
      return { result: { name: check.name, passed: false, skipped: check.skipWithout, differences: [], request: { method: '', url: '' } } };
    }
    return { result: failure(check, state, [error.message], { method: '', url: '' }) };
  }
  const url = requestUrl(options.baseUrl, request);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let response;
  try {
    response = await sendRequest(options.baseUrl, request, timeoutMs);
  } catch (error) {
    const noAnswer = noAnswerReason(error, timeoutMs);
    return { result: failure(check, state, [`no response: ${noAnswer}`], { method: request.method, url }), noAnswer };
  }
  const expectations: readonly Expectation[] = Array.isArray(check.expect) ? check.expect : [check.expect as Expectation];
  const compared = expectations.map((expect) => compareResponse(script.dialect, expect, response));
  const differences = compared.some((d) => d.length === 0) ? [] : compared[0];
  for (const [name, pointer] of Object.entries(check.capture ?? {})) {
    const value = atPointer(response.body, pointer);
    if (typeof value === 'string' && value !== '') state.captured[name] = value;
    else if (differences.length > 0) state.failedProviders.add(name);
  }
  return { result: { name: check.name, passed: differences.length === 0, differences, request: { method: request.method, url }, status: response.status } };
}

/** Runs a dialect's checks in order against any server; never throws for a server's answer. */
export async function runContract(script: ContractScript, options: RunOptions): Promise<ContractReport> {
  if (!script.profiles.includes(options.profile)) {
    throw new Error(`dialect ${script.dialect} has no profile "${options.profile}" (known: ${script.profiles.join(', ')})`);
  }
  const state: RunState = { captured: {}, failedProviders: new Set() };
  const checks: CheckResult[] = [];
  let problem: string | undefined;
  for (const check of script.checks(options)) {
    const { result, noAnswer } = await runCheck(script, check, state, options);
    checks.push(result);
    // Nothing has answered yet: the server is not there, so every other check would say the same.
    if (noAnswer && checks.every((c) => c.status === undefined)) {
      problem = cannotReach(options.baseUrl, noAnswer);
      break;
    }
  }
  problem ??= nothingAnswers(script, options.baseUrl, checks);
  const passed = checks.filter((c) => c.passed).length;
  const skipped = checks.filter((c) => c.skipped).length;
  const report: ContractReport = { dialect: script.dialect, profile: options.profile, baseUrl: options.baseUrl, passed, failed: checks.length - passed - skipped, skipped, checks };
  return problem ? { ...report, problem } : report;
}

function formatCheck(check: CheckResult): string {
  if (check.passed) return `PASS ${check.name}`;
  if (check.skipped) return `SKIP ${check.name}: ${check.skipped}`;
  return `FAIL ${check.name}: ${check.differences.join('; ')}`;
}

/** One line per check, then `N passed, N failed` (and `, N skipped` when some were); or the one problem of the whole run. */
export function formatReport(report: ContractReport): string[] {
  if (report.problem) return [report.problem];
  const lines = report.checks.map(formatCheck);
  lines.push(`${report.passed} passed, ${report.failed} failed${report.skipped ? `, ${report.skipped} skipped` : ''}`);
  return lines;
}
