import { CoreError, type CoreErrorCode } from '../core/errors';
import { RFC_STATUS } from '../http/rfc-errors';
import type { Dialect, NamedFailure } from '../http/dialect';

/** Every core error code: a failure name every dialect accepts. */
const CORE_CODES = Object.keys(RFC_STATUS) as CoreErrorCode[];

/** The names a dialect accepts: its own table's, then the core codes it does not redefine. */
export function failureNames(dialect: Dialect): string[] {
  const own = Object.keys(dialect.faults ?? {});
  return [...own, ...CORE_CODES.filter((code) => !own.includes(code))];
}

/** What builds a fresh error for a named failure; throws, listing the known names, for an unknown one. */
export function namedFailure(dialect: Dialect, name: string): () => CoreError {
  const entry: NamedFailure | undefined = Object.hasOwn(dialect.faults ?? {}, name)
    ? dialect.faults![name]
    : (CORE_CODES as string[]).includes(name)
      ? { code: name as CoreErrorCode }
      : undefined;
  if (!entry) throw new Error(`dialect "${dialect.name}" has no failure named "${name}"; known: ${failureNames(dialect).join(', ')}`);
  if ('error' in entry) return entry.error;
  const { code, reason, parameter, retryAfter } = entry;
  const message = entry.message ?? `${name} (scripted fault)`;
  return () => new CoreError(code, message, { reason, parameter, retryAfter });
}
