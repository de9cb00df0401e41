import { readFileSync } from 'node:fs';
import type { ReportLine } from './report';

interface KindSummary {
  count: number;
  example: string;
}

interface EndpointSummary {
  comparisons: number;
  differed: number;
  failed: number;
  kinds: Map<string, KindSummary>;
}

/** The line numbers listed of malformed lines, at most. */
const LISTED_LINES = 10;

function isReportLine(value: unknown): value is ReportLine {
  const line = value as Partial<ReportLine> | null;
  return typeof line === 'object' && line !== null && typeof line.dialect === 'string' && typeof line.endpoint === 'string' && Array.isArray(line.differences);
}

/** Reads a shadow report; an unreadable file is an error naming it. */
export function readReport(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read shadow report ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
  }
}

/**
 * `oauth-dialects shadow-report FILE`: per dialect and endpoint, the comparisons, how many
 * differed or failed, then each kind of difference with its count and one example.
 */
export function summariseReport(file: string, text: string): string[] {
  const endpoints = new Map<string, EndpointSummary>();
  const malformed: number[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      line = undefined;
    }
    if (!isReportLine(line)) return void malformed.push(index + 1);
    const key = `${line.dialect} ${line.method ?? ''} ${line.endpoint}`.replace(/\s+/g, ' ');
    let summary = endpoints.get(key);
    if (!summary) endpoints.set(key, (summary = { comparisons: 0, differed: 0, failed: 0, kinds: new Map() }));
    summary.comparisons++;
    if (line.failure !== undefined) summary.failed++;
    if (line.differences.length > 0) summary.differed++;
    for (const difference of line.differences) {
      const kind = summary.kinds.get(difference.kind);
      if (kind) kind.count++;
      else summary.kinds.set(difference.kind, { count: 1, example: difference.detail });
    }
  });
  const total = [...endpoints.values()].reduce((sum, s) => ({ comparisons: sum.comparisons + s.comparisons, differed: sum.differed + s.differed, failed: sum.failed + s.failed }), { comparisons: 0, differed: 0, failed: 0 });
  const lines = [`${file}: ${total.comparisons} comparisons, ${total.differed} differed, ${total.failed} failed`];
  for (const [key, summary] of [...endpoints].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${key}: ${summary.comparisons} comparisons, ${summary.differed} differed, ${summary.failed} failed`);
    for (const [kind, { count, example }] of [...summary.kinds].sort(([, a], [, b]) => b.count - a.count)) {
      lines.push(`  ${kind} ×${count}  e.g. ${example}`);
    }
  }
  if (malformed.length > 0) {
    const listed = malformed.slice(0, LISTED_LINES).join(', ');
    lines.push(`${malformed.length} malformed line${malformed.length === 1 ? '' : 's'} skipped (line${malformed.length === 1 ? '' : 's'} ${listed}${malformed.length > LISTED_LINES ? ', …' : ''})`);
  }
  return lines;
}
