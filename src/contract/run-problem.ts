import type { CheckResult, ContractScript } from './types';

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** Why fetch got no answer, in words (`connection refused`, `host not found`, …). */
export function noAnswerReason(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = failure.cause?.code;
  return (code && NETWORK_REASONS[code]) ?? failure.cause?.message ?? failure.message;
}

export function cannotReach(baseUrl: string, reason: string): string {
  return `cannot reach ${baseUrl}: ${reason}`;
}

/**
 * When every answer was a 404, the base URL points where the API is not (typically its mount
 * point is missing): one line saying so, with the dialect's usual mount points on that host.
 */
export function nothingAnswers(script: ContractScript, baseUrl: string, checks: readonly CheckResult[]): string | undefined {
  const answered = checks.filter((c) => c.status !== undefined);
  if (answered.length === 0 || checks.some((c) => c.passed) || answered.some((c) => c.status !== 404)) return undefined;
  const base = baseUrl.replace(/\/+$/, '');
  const { origin } = new URL(base);
  const suggestions = script.mountPoints.map((mount) => origin + mount).filter((url) => url !== base);
  const said = `nothing answers the ${script.dialect} API at ${base} (every request got 404)`;
  if (suggestions.length === 0) return said;
  const question = base === origin ? 'is the base URL missing the mount point' : 'is the mount point right';
  return `${said}: ${question}, e.g. ${suggestions.join(' or ')}?`;
}
