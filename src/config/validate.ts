import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { closest, distance } from 'fastest-levenshtein';
import baseSchema from '../../schemas/config.schema.json';
import type { RawConfig } from './types';

export interface DialectSchemaSource {
  name: string;
  configSchema: Record<string, unknown>;
}

/** Properties every dialect section accepts, merged into each dialect's own schema. */
const COMMON_SECTION = {
  enabled: { type: 'boolean' },
  base_path: { type: 'string', pattern: '^(/[A-Za-z0-9._~!$&\'()*+,;=:@%-]+)*$' },
  profile: { type: 'string' },
};

/** The full schema: the core's, with each registered dialect's section schema plugged in. */
export function composeSchema(dialects: DialectSchemaSource[]): Record<string, unknown> {
  type SchemaNode = { properties?: Record<string, SchemaNode> } & Record<string, unknown>;
  const schema = structuredClone(baseSchema) as SchemaNode;
  const sections = schema.properties!.dialects.properties!;
  for (const dialect of dialects) {
    const own = structuredClone(dialect.configSchema) as SchemaNode;
    sections[dialect.name] = {
      ...own,
      type: 'object',
      additionalProperties: false,
      properties: { ...COMMON_SECTION, ...(own.properties ?? {}) },
    };
  }
  return schema;
}

/** The known key an unknown one is most likely a typo of, when it is close enough to be one. */
export function nearestKey(unknown: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const nearest = closest(unknown, known as string[]);
  return distance(unknown, nearest) <= Math.max(1, Math.floor(unknown.length / 3)) ? nearest : undefined;
}

function unknownKey(error: ErrorObject, path: string): string {
  const key = (error.params as { additionalProperty: string }).additionalProperty;
  const present = new Set(Object.keys((error.data as object | null) ?? {}));
  const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {}).filter((k) => !present.has(k));
  const suggestion = nearestKey(key, known);
  return `${path}: unknown key "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`;
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(error, path);
    case 'required':
      return `${path}: missing required key "${(error.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${path}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf': {
      // One line for the alternatives, from their enums and descriptions, not one per branch.
      const branches = (error.schema as Array<{ enum?: unknown[]; description?: string }>).map((branch) =>
        branch.enum ? `one of ${branch.enum.map((v) => JSON.stringify(v)).join(', ')}` : (branch.description ?? 'of another allowed form'),
      );
      return `${path}: must be ${branches.join(', or ')}`;
    }
    default:
      return `${path}: ${error.message ?? 'is invalid'}`;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p.replace(/\n(?=[^\n])/g, '\n    ')}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates against the composed schema; throws a ConfigError listing every problem with its path. */
export function validateConfig(value: unknown, dialects: DialectSchemaSource[]): RawConfig {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const validate = ajv.compile(composeSchema(dialects));
  if (validate(value)) return value as RawConfig;
  const all = validate.errors ?? [];
  const alternatives = new Set(all.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const errors = all
    .filter((e) => e.keyword !== 'oneOf' || !all.some((o) => o !== e && o.instancePath === e.instancePath))
    .filter((e) => e.keyword === 'anyOf' || !alternatives.has(e.instancePath));
  const problems = [...new Set((errors.length > 0 ? errors : validate.errors ?? []).map(describe))];
  throw new ConfigError(problems);
}
