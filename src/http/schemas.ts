import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CoreError } from '../core/errors';
import { projectRoot } from '../project-root';

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

export function schemaFile(dialect: string, name: string): string {
  return path.join(projectRoot(), 'schemas', dialect, `${name}.json`);
}

export function readSchema(dialect: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaFile(dialect, name), 'utf8')) as Record<string, unknown>;
}

/** Compiled once (call at mount time, never per request). */
export function compileSchema(dialect: string, name: string): ValidateFunction {
  const key = `${dialect}/${name}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = readSchema(dialect, name);
    validate = ajv.getSchema(String(schema.$id ?? '')) ?? ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** A request validator: throws `invalid_request` naming the first offending parameter. */
export function requestValidator(dialect: string, endpoint: string): (params: Record<string, unknown>) => void {
  const validate = compileSchema(dialect, `${endpoint}.request`);
  return (params) => {
    if (validate(params)) return;
    const error = validate.errors?.[0];
    const parameter =
      error?.keyword === 'required'
        ? (error.params as { missingProperty: string }).missingProperty
        : error?.instancePath.replace(/^\//, '') || undefined;
    const reason = error?.keyword === 'required' ? 'missing_parameter' : undefined;
    throw new CoreError('invalid_request', parameter ? `invalid or missing parameter: ${parameter}` : 'invalid request', {
      parameter,
      reason,
    });
  };
}
