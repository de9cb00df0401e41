/** What the bench prints and writes: the table against the baseline, and bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/project-root';
import { WARMUP_SECONDS, type TargetResult } from './load';
import type { Settings } from './settings';

interface Machine {
  cpus: number;
  model: string;
  platform: string;
  memoryGiB: number;
  loadAverageAtStart: number;
}

/**
 * Prints the table and the run's conditions, writes the results file, and prints a FAIL line
 * for every target that saw a non-2xx response. The last result is the baseline. Returns
 * whether the run passed.
 */
export function reportResults(results: TargetResult[], settings: Settings, loadAtStart: number): boolean {
  const baseline = results[results.length - 1];
  const machine = describeMachine(loadAtStart);
  console.log('');
  console.log(table(results, baseline));
  console.log('');
  console.log(`machine: ${machine.cpus} × ${machine.model} (${machine.platform})`);
  console.log(`node ${process.version}; ${settings.duration} s per target after a ${WARMUP_SECONDS} s warm-up; ${settings.connections} connections; load generator ${settings.workers > 0 ? `on ${settings.workers} worker thread(s)` : 'on the main thread (shares the event loop)'}`);
  console.log(`bcrypt comparisons during the measured runs: ${results.map((r) => `${r.name} ${r.measured.bcryptCompares}`).join(', ')}`);
  const errored = results.filter((r) => r.measured.errors > 0 || r.warmup.errors > 0);
  for (const r of errored) console.log(`warning: ${r.name}: ${r.warmup.errors + r.measured.errors} request error(s) (${r.warmup.timeouts + r.measured.timeouts} timeouts)`);

  const failed = results.filter((r) => r.measured.non2xx > 0 || r.warmup.non2xx > 0);
  const file = writeResultsFile(results, baseline, settings, machine, failed.length === 0);
  console.log(`results: ${path.relative(process.cwd(), file) || file}`);

  for (const r of failed) {
    console.error(
      `FAIL ${r.name}: ${r.measured.non2xx} non-2xx response(s) measured, ${r.warmup.non2xx} in the warm-up ` +
        `(status codes: measured ${JSON.stringify(r.measured.statusCodes)}, warm-up ${JSON.stringify(r.warmup.statusCodes)})`,
    );
  }
  return failed.length === 0;
}

function describeMachine(loadAtStart: number): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    loadAverageAtStart: Number(loadAtStart.toFixed(2)),
  };
}

function table(results: TargetResult[], baseline: TargetResult): string {
  const header = ['target', 'req/s', 'p99 ms', 'req/s vs baseline', 'p99 vs baseline'];
  const rows = results.map((r) => [
    r.name,
    r.measured.requestsPerSecond.toFixed(0),
    Number.isInteger(r.measured.p99Ms) ? String(r.measured.p99Ms) : r.measured.p99Ms.toFixed(2), // autocannon reports whole ms
    ratio(r.measured.requestsPerSecond, baseline.measured.requestsPerSecond),
    ratio(r.measured.p99Ms, baseline.measured.p99Ms),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function ratio(value: number, baseline: number): string {
  return baseline > 0 ? `${(value / baseline).toFixed(2)}×` : 'n/a';
}

function writeResultsFile(results: TargetResult[], baseline: TargetResult, settings: Settings, machine: Machine, passed: boolean): string {
  const report = {
    generatedAt: new Date().toISOString(),
    passed,
    machine,
    node: process.version,
    durationSeconds: settings.duration,
    warmupSeconds: WARMUP_SECONDS,
    connections: settings.connections,
    workers: settings.workers,
    targets: results.map((r) => ({
      ...r,
      requestsPerSecondRatio: baseline.measured.requestsPerSecond > 0 ? r.measured.requestsPerSecond / baseline.measured.requestsPerSecond : null,
      p99Ratio: baseline.measured.p99Ms > 0 ? r.measured.p99Ms / baseline.measured.p99Ms : null,
    })),
  };
  const file = path.join(projectRoot(), 'bench', 'results', 'latest.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
