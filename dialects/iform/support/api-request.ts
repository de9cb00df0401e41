import { CoreError } from '../../../src/core';

/**
 * IBPS `APIRequest`: `parameters` ([{key:"Q^<COLUMN>^<OP>", value}]), `requestPage`
 * ({pageNo, limit}) and `sorts` ([{field, order}]). The request schema has checked the types.
 */
export interface ApiRequestBody {
  parameters?: Array<{ key: string; value?: unknown }>;
  requestPage?: { pageNo?: number | null; limit?: number | null };
  sorts?: Array<{ field: string; order?: string | null }>;
}

/** S = equals, SL = contains (SQL LIKE %v%), DL / DG = lower / upper date bound. */
export type FilterOp = 'S' | 'SL' | 'DL' | 'DG';

export interface Filter {
  field: string;
  op: FilterOp;
  value: string;
}

export interface Sort {
  field: string;
  descending: boolean;
}

export interface ApiQuery {
  filters: Filter[];
  sorts: Sort[];
  page: number;
  limit: number;
}

const OPS: readonly string[] = ['S', 'SL', 'DL', 'DG'];
const DATE = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

/** Column names match a row field ignoring case and underscores: `IDENTITY_TYPE_` → `identityType`. */
function fieldOf(name: string, fields: readonly string[], what: string): string {
  const wanted = name.replace(/_/g, '').toLowerCase();
  const field = fields.find((f) => f.toLowerCase() === wanted);
  if (!field) throw new CoreError('invalid_request', `unknown ${what} field "${name}"; known: ${fields.join(', ')}`, { parameter: what });
  return field;
}

function illegal(message: string, parameter: string): CoreError {
  return new CoreError('invalid_request', message, { parameter });
}

export function parseApiRequest(
  body: ApiRequestBody,
  fields: { all: readonly string[]; dates: readonly string[] },
  limits: { defaultLimit: number; maxLimit: number },
): ApiQuery {
  const filters: Filter[] = [];
  for (const { key, value } of body.parameters ?? []) {
    // The IBPS client leaves out empty search fields; a server sees them as no condition.
    if (value === undefined || value === null || value === '') continue;
    const match = /^Q\^([^^]+)\^([A-Z]+)$/.exec(key);
    if (!match) throw illegal(`filter key "${key}" is not of the form Q^<COLUMN>^<OP>`, 'parameters');
    const [, column, op] = match;
    if (!OPS.includes(op)) throw illegal(`unsupported filter operator "${op}"; supported: ${OPS.join(', ')}`, 'parameters');
    const field = fieldOf(column, fields.all, 'parameters');
    const text = String(value);
    if (op === 'DL' || op === 'DG') {
      if (!fields.dates.includes(field)) throw illegal(`operator ${op} needs a date field, not "${column}"`, 'parameters');
      if (!DATE.test(text)) throw illegal(`"${text}" is not a yyyy-MM-dd[ HH:mm:ss] date`, 'parameters');
    }
    filters.push({ field, op: op as FilterOp, value: text });
  }
  const sorts = (body.sorts ?? []).map(({ field, order }) => {
    const direction = (order ?? 'ASC').toUpperCase();
    if (direction !== 'ASC' && direction !== 'DESC') throw illegal(`sort order must be ASC or DESC, not "${order}"`, 'sorts');
    return { field: fieldOf(field, fields.all, 'sorts'), descending: direction === 'DESC' };
  });
  const limit = body.requestPage?.limit ?? limits.defaultLimit;
  if (limit > limits.maxLimit) throw illegal(`requestPage.limit may be at most ${limits.maxLimit}`, 'requestPage');
  return { filters, sorts, page: body.requestPage?.pageNo ?? 1, limit };
}

/** Whether a row passes every filter (all must hold, as the IBPS query builder ANDs them). */
export function matches(row: Record<string, unknown>, filters: Filter[]): boolean {
  return filters.every(({ field, op, value }) => {
    const cell = row[field];
    if (cell === null || cell === undefined) return false;
    const text = String(cell);
    switch (op) {
      case 'S':
        return text === value;
      case 'SL':
        return text.toLowerCase().includes(value.toLowerCase());
      case 'DL':
        return text >= (value.length === 10 ? `${value} 00:00:00` : value);
      case 'DG':
        return text <= (value.length === 10 ? `${value} 23:59:59` : value);
    }
  });
}

/** A stable sort by each key in turn; nulls last whichever the direction. */
export function sortRows<T extends Record<string, unknown>>(rows: T[], sorts: Sort[]): T[] {
  if (sorts.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const { field, descending } of sorts) {
      const x = a[field];
      const y = b[field];
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
      return descending ? -order : order;
    }
    return 0;
  });
}
