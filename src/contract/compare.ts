import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readSchema } from '../http/schemas';
import type { ContractResponse } from './http';
import { atPointer } from './pointer';
import type { Expectation } from './types';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/** Compiled once per schema file for the whole run. */
export function schemaValidator(dialect: string, name: string): ValidateFunction {
  const schema = readSchema(dialect, name);
  return ajv.getSchema(String(schema.$id ?? `${dialect}/${name}`)) ?? ajv.compile(schema);
}

/** `/access_token: must be string (type)`: the JSON path that differs, then what the schema wanted. */
export function describeSchemaError(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const key = params.missingProperty ?? params.additionalProperty;
  const path = `${error.instancePath}${key !== undefined ? `/${key}` : ''}` || '/';
  return `${path}: ${error.message ?? 'does not match'} (${error.keyword})`;
}

/** The most telling error: one that names a key, else the deepest path. */
function firstError(errors: ErrorObject[]): ErrorObject {
  const named = errors.find((e) => e.keyword === 'required' || e.keyword === 'additionalProperties');
  return named ?? [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
}

function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Every difference of a response from its expectation: status, each listed header, the body. */
export function compareResponse(dialect: string, expect: Expectation, response: ContractResponse): string[] {
  const differences: string[] = [];
  if (response.status !== expect.status) differences.push(`status ${response.status} ≠ ${expect.status}`);
  for (const [name, wanted] of Object.entries(expect.headers ?? {})) {
    const actual = response.headers.get(name);
    const ok = actual !== null && (typeof wanted === 'string' ? actual === wanted : wanted.test(actual));
    if (!ok) differences.push(`header ${name.toLowerCase()}: ${actual === null ? '(absent)' : JSON.stringify(actual)} ≠ ${String(wanted)}`);
  }
  if (expect.emptyBody && response.body !== undefined) differences.push(`body ${truncate(JSON.stringify(response.body))} ≠ (empty)`);
  if (expect.schema) {
    const validate = schemaValidator(dialect, expect.schema);
    if (!validate(response.body)) {
      // The first differing path is the answer; the values below would only repeat it.
      differences.push(describeSchemaError(firstError(validate.errors ?? [])));
      return differences;
    }
  }
  for (const [pointer, wanted] of Object.entries(expect.values ?? {})) {
    const actual = atPointer(response.body, pointer);
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) differences.push(`${pointer}: ${JSON.stringify(actual) ?? '(absent)'} ≠ ${JSON.stringify(wanted) ?? '(absent)'}`);
  }
  if (expect.keyOrder && response.body !== null && typeof response.body === 'object') {
    const order = Object.keys(response.body).filter((key) => expect.keyOrder!.includes(key));
    const wanted = expect.keyOrder.filter((key) => order.includes(key));
    if (order.join() !== wanted.join()) differences.push(`key order ${order.join(', ')} ≠ ${wanted.join(', ')}`);
  }
  return differences;
}
