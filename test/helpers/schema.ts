import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readSchema } from '../../src/http/schemas';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/** Asserts a response body against `schemas/<dialect>/<name>.json`, naming every violation. */
export function expectSchema(dialect: string, name: string, body: unknown): void {
  const schema = readSchema(dialect, name);
  const validate = ajv.getSchema(String(schema.$id)) ?? ajv.compile(schema);
  const ok = validate(body);
  if (!ok) throw new Error(`${dialect}/${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}
