import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import jwt from 'jsonwebtoken';
import { readSchema } from '../http/schemas';
import type { ContractResponse } from './http';
import { atPointer } from './pointer';
import type { Expectation, JwtExpectation } from './types';

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
  for (const [pointer, jwt] of Object.entries(expect.jwts ?? {})) differences.push(...compareJwt(dialect, pointer, jwt, atPointer(response.body, pointer)));
  for (const [pointer, wanted] of Object.entries(expect.values ?? {})) {
    const actual = atPointer(response.body, pointer);
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) differences.push(`${pointer}: ${JSON.stringify(actual) ?? '(absent)'} ≠ ${JSON.stringify(wanted) ?? '(absent)'}`);
  }
  const order = keyOrderDifference(response.body, expect.keyOrder);
  if (order) differences.push(`key order ${order}`);
  return differences;
}

/** `A, B ≠ B, A` when the listed keys that are present come in another order. */
function keyOrderDifference(value: unknown, keyOrder: readonly string[] | undefined): string | undefined {
  if (!keyOrder || value === null || typeof value !== 'object') return undefined;
  const order = Object.keys(value).filter((key) => keyOrder.includes(key));
  const wanted = keyOrder.filter((key) => order.includes(key));
  return order.join() === wanted.join() ? undefined : `${order.join(', ')} ≠ ${wanted.join(', ')}`;
}

/** A token's JOSE header and claims against their schemas; an absent token is the body schema's business. */
function compareJwt(dialect: string, pointer: string, expect: JwtExpectation, token: unknown): string[] {
  if (token === undefined) return [];
  // Parsed, not verified: the kit checks shapes; keys are the relying party's business.
  const parts = typeof token === 'string' ? jwt.decode(token, { complete: true }) : null;
  if (!parts) return expect.onlyIfJwt ? [] : [`${pointer}: not a JWT`];
  const differences: string[] = [];
  const checks: Array<[string, string | undefined, unknown]> = [
    ['header', expect.header, parts.header],
    ['claims', expect.claims, parts.payload],
  ];
  for (const [part, schema, value] of checks) {
    if (!schema) continue;
    const validate = schemaValidator(dialect, schema);
    if (!validate(value)) differences.push(`${pointer} ${part}${describeSchemaError(firstError(validate.errors ?? []))}`);
  }
  const headerOrder = keyOrderDifference(parts.header, expect.headerOrder);
  if (headerOrder) differences.push(`${pointer} header order ${headerOrder}`);
  const claimOrder = keyOrderDifference(parts.payload, expect.claimOrder);
  if (claimOrder) differences.push(`${pointer} claim order ${claimOrder}`);
  return differences;
}
