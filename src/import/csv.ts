import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  line: number;
  fields: Record<string, string>;
}

/** Database exports write a NULL column as `NULL` or `\N`. */
const NULLS = new Set(['NULL', '\\N']);

/**
 * A CSV file with a header row: column names lower-cased and trimmed, NULL as empty, each row with
 * its line (the last one, for a quoted field spanning lines). A missing required column throws, naming the file.
 */
export function readCsv(file: string, required: readonly string[]): CsvRow[] {
  const records = parse(readFileSync(file, 'utf8'), {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as { record: Record<string, string | undefined>; info: { lines: number; raw?: string } }[];
  const rows = records.map(({ record, info }) => ({
    line: info.lines,
    fields: Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === undefined || NULLS.has(v.trim()) ? '' : v.trim()])),
  }));
  const header = rows.length > 0 ? Object.keys(rows[0].fields) : headerOf(file);
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new Error(`${file}:1: the header row has no ${missing.join(', ')} column`);
  return rows;
}

function headerOf(file: string): string[] {
  const first = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((h) => h.trim().toLowerCase());
}
