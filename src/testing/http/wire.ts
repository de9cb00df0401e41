import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ClaimsMatch } from '../claims';
import type { Fault, FaultMatch, FaultOptions } from '../faults';
import { TEST_MODE_SCHEMAS } from './openapi';

/** A refusal of the test controls: its status and `{error, error_description}`. */
export class TestModeError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'TestModeError';
  }
}

export const badInput = (description: string) => new TestModeError(400, 'invalid_request', description);

let validators: Ajv | undefined;

function validatorFor(name: string): ValidateFunction {
  if (!validators) {
    validators = new Ajv({ strict: false });
    validators.addSchema({ $id: 'test-mode', components: { schemas: TEST_MODE_SCHEMAS } });
  }
  return validators.getSchema(`test-mode#/components/schemas/${name}`)!;
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || 'the body';
  if (error.keyword === 'additionalProperties') return `${path}: unknown key "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'required') return `${path}: missing required key "${(error.params as { missingProperty: string }).missingProperty}"`;
  if (error.keyword === 'type' && !error.instancePath) return 'the body must be a JSON object';
  return `${path}: ${error.message ?? 'is invalid'}`;
}

/** The body, checked against its schema; a 400 naming the first problem otherwise. */
function read<T>(schema: string, body: unknown): T {
  const validate = validatorFor(schema);
  if (!validate(body ?? {})) throw badInput(describe(validate.errors![0]));
  return (body ?? {}) as T;
}

export function advanceBody(body: unknown): number {
  return read<{ seconds: number }>('ClockAdvance', body).seconds;
}

/** `date` or `epoch_ms`, as epoch milliseconds. */
export function setBody(body: unknown): number {
  const { date, epoch_ms: epochMs } = read<{ date?: string; epoch_ms?: number }>('ClockSet', body);
  if ((date === undefined) === (epochMs === undefined)) throw badInput('give exactly one of "date" (ISO 8601) and "epoch_ms"');
  if (epochMs !== undefined) return epochMs;
  const ms = Date.parse(date!);
  if (Number.isNaN(ms)) throw badInput(`/date: not a date: ${JSON.stringify(date)} (use ISO 8601, e.g. 2030-01-01T00:00:00Z)`);
  return ms;
}

interface WireFault {
  match: FaultMatch;
  fault: { failure?: string; status?: number; body?: unknown; headers?: Record<string, string> };
  delay_ms?: number;
}

/** `faults.next`'s arguments from `{match, fault, delay_ms}`. */
export function faultBody(body: unknown): { match: FaultMatch; fault: Fault; options: FaultOptions } {
  const { match, fault, delay_ms: delayMs } = read<WireFault>('FaultRequest', body);
  const { failure, status, body: answer, headers } = fault;
  if ((failure === undefined) === (status === undefined)) throw badInput('/fault: give exactly one of "failure" (a named vendor failure) and "status" (an answer of your own)');
  if (failure !== undefined && (answer !== undefined || headers !== undefined)) throw badInput('/fault: "body" and "headers" go with "status", not with "failure"');
  const given: Fault = failure !== undefined ? { failure } : { status: status!, ...(answer !== undefined ? { body: answer } : {}), ...(headers ? { headers } : {}) };
  return { match, fault: given, options: delayMs !== undefined ? { delayMs } : {} };
}

export function storeDownBody(body: unknown): number {
  return read<{ ms: number }>('StoreDown', body).ms;
}

/** `claims.next`'s arguments from `{match, claims}` (`client_id` on the wire is `clientId`). */
export function claimsBody(body: unknown): { match: ClaimsMatch; claims: Record<string, unknown> } {
  const { match = {}, claims } = read<{ match?: { dialect?: string; client_id?: string; username?: string; times?: number }; claims: Record<string, unknown> }>('ClaimsRequest', body);
  const { client_id: clientId, ...rest } = match;
  return { match: { ...rest, ...(clientId !== undefined ? { clientId } : {}) }, claims };
}
