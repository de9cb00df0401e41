/** What the bench prints, and bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FloodResult } from './flood';
import type { LiveTokensResult } from './live-tokens';
import type { MemoryResult } from './memory';
import type { Summary, TargetRounds } from './rounds';
import { summarize } from './rounds';
import type { Settings } from './settings';
import { median } from './stats';
import { passes, type Comparison } from './verdicts';

export interface Machine {
  cpus: number;
  model: string;
  platform: string;
  memoryGiB: number;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
}

export interface BenchReport {
  generatedAt: string;
  /** False when a run saw a non-2xx, an unexpected body or a request error, or a check failed. */
  passed: boolean;
  targetsMet: boolean;
  failures: string[];
  machine: Machine;
  settings: Settings;
  secondsTaken: number;
  throughput: Array<{ id: string; label: string; summary: Summary; rounds: TargetRounds['rounds']; warmups: TargetRounds['warmups'] }>;
  comparisons: Array<Comparison & { passed?: boolean }>;
  memory: MemoryResult[];
  liveTokens?: LiveTokensResult;
  flood?: FloodResult;
  cleanup: Record<string, number>;
}

export function describeMachine(loadAverageAtStart: number[]): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadAverageAtStart: loadAverageAtStart.map((l) => Number(l.toFixed(2))),
    loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export function buildReport(parts: Omit<BenchReport, 'generatedAt' | 'passed' | 'targetsMet' | 'throughput' | 'comparisons'> & { throughput: TargetRounds[]; comparisons: Comparison[] }): BenchReport {
  const comparisons = parts.comparisons.map((c) => ({ ...c, passed: passes(c) }));
  return {
    generatedAt: new Date().toISOString(),
    ...parts,
    passed: parts.failures.length === 0,
    targetsMet: comparisons.every((c) => c.passed !== false),
    throughput: parts.throughput.map((t) => ({ id: t.target.id, label: t.target.label, summary: summarize(t.rounds), rounds: t.rounds, warmups: t.warmups })),
    comparisons,
  };
}

export function printReport(report: BenchReport): void {
  if (report.throughput.length > 0) printThroughput(report);
  if (report.flood) printFlood(report.flood);
  printRest(report);
}

function printFlood(flood: FloodResult): void {
  const f = flood.flood;
  console.log('');
  console.log(`Wrong-password flood: ${flood.connections} connections (one address each) against 50 victims, a legitimate user's password grants one after the other (bcrypt cost 10)`);
  console.log(
    table(
      ['legit median idle ms', 'legit median under flood ms', 'flood answers', 'bcrypt-checked', 'locked out', 'refused by admission', 'flood seconds'],
      [[flood.idleMedianMs.toFixed(1), flood.floodMedianMs.toFixed(1), String(f.total), String(f.checked), String(f.lockedOut), String(f.overloaded), f.seconds.toFixed(1)]],
    ),
  );
}

function printThroughput(report: BenchReport): void {
  const { settings } = report;
  console.log('');
  console.log(`Throughput: median of ${settings.rounds} interleaved rounds, ${settings.duration} s each after ${settings.warmup} s warm-up, ${settings.connections} connections`);
  console.log(
    table(
      ['target', 'req/s', 'spread', 'p50 ms', 'p99 ms', 'req/s per round'],
      report.throughput.map((t) => [
        t.label,
        t.summary.requestsPerSecond.toFixed(0),
        percent(t.summary.spread),
        ms(t.summary.p50Ms),
        ms(t.summary.p99Ms),
        t.rounds.map((r) => r.requestsPerSecond.toFixed(0)).join(' '),
      ]),
    ),
  );

  if (report.memory.length > 0) {
    console.log('');
    console.log('Redis memory per live token (used_memory and DBSIZE deltas on the bench\'s own redis-server)');
    console.log(
      table(
        ['grant', 'grants', 'bytes per grant', 'keys per grant', 'used_memory before → after'],
        report.memory.map((m) => [m.label, String(m.tokens), m.bytesPerToken.toFixed(0), m.keysPerToken.toFixed(2), `${mib(m.usedMemoryBefore)} → ${mib(m.usedMemoryAfter)}`]),
      ),
    );
  }

}

function printRest(report: BenchReport): void {
  const { settings, machine } = report;
  const live = report.liveTokens;
  if (live) {
    console.log('');
    console.log(`Live tokens: p99 (median of ${settings.rounds} rounds) with a small and a large store; preload ${live.preload.tokens} tokens in ${live.preload.seconds.toFixed(0)} s (${live.preload.perSecond.toFixed(0)}/s)`);
    console.log(
      table(
        ['live tokens (start → end)', 'issuance p99 ms', 'issuance req/s', 'introspection p99 ms', 'introspection req/s', 'Redis keys at end', 'used_memory at end', 'bytes per live token'],
        [live.small, live.large].map((level) => [
          `${level.liveTokensAtStart} → ${level.liveTokensAtEnd}`,
          ms(level.issuanceP99Ms),
          medianRate(level.issuance),
          ms(level.introspectionP99Ms),
          medianRate(level.introspection),
          String(level.keys),
          mib(level.usedMemory),
          level.bytesPerLiveToken.toFixed(0),
        ]),
      ),
    );
  } else if (settings.only === 'all') {
    console.log('');
    console.log('Live tokens: skipped (BENCH_LIVE_TOKENS=0)');
  }

  console.log('');
  console.log('Ratios and targets');
  console.log(
    table(
      ['comparison', 'value', 'target', 'verdict'],
      report.comparisons.map((c) => [
        c.name,
        formatValue(c),
        c.target ? `${c.target.kind === 'min' ? '≥' : '≤'} ${c.target.limit}` : '',
        c.passed === undefined ? '' : c.passed ? 'PASS' : 'FAIL',
      ]),
    ),
  );

  console.log('');
  console.log(`machine: ${machine.cpus} × ${machine.model} (${machine.platform}), ${machine.memoryGiB} GiB; node ${machine.node}`);
  console.log(`load average (1, 5, 15 min): ${machine.loadAverageAtStart.join(' ')} at start, ${machine.loadAverageAtEnd.join(' ')} at end; took ${(report.secondsTaken / 60).toFixed(1)} min`);
  for (const c of report.comparisons) if (c.passed !== undefined) console.log(`${c.passed ? 'PASS' : 'FAIL'} ${c.name}: ${formatValue(c)} (target ${c.target!.kind === 'min' ? '≥' : '≤'} ${c.target!.limit})`);
  for (const failure of report.failures) console.log(`ERROR ${failure}`);
}

export function writeReport(report: BenchReport, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** Bytes with one decimal, ratios with three, so a value just past its target does not print as the target. */
function formatValue(c: Comparison): string {
  return c.name.startsWith('Redis bytes') ? c.value.toFixed(1) : `${c.value.toFixed(3)}×`;
}

function medianRate(runs: Array<{ requestsPerSecond: number }>): string {
  return median(runs.map((r) => r.requestsPerSecond)).toFixed(0);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function ms(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1); // autocannon records whole milliseconds
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(0)} %` : 'n/a';
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
