import type { ContractRequest, ContractScript, Expectation, ScriptOptions } from '../contract/types';
import { defaultProfileOf } from '../contract/types';
import { schemaValidator } from '../contract/compare';

/** What the contract says about a dialect's answers, as far as a shadow comparison can use it. */
export interface ContractView {
  dialect: string;
  /** Every header the contract names (lower case), with `content-type` and `location`. */
  headers: readonly string[];
  /** The contract's expectations with a schema, by request path (relative to the base path). */
  schemas: ReadonlyMap<string, readonly Expectation[]>;
}

/** Any captured value a check's request asks for: only its path is read. */
const ANY_CAPTURED = new Proxy({}, { get: () => 'x' }) as Record<string, string>;

function requestOf(request: ContractRequest | ((captured: Record<string, string>) => ContractRequest)): ContractRequest | undefined {
  try {
    return typeof request === 'function' ? request(ANY_CAPTURED) : request;
  } catch {
    return undefined;
  }
}

/** The checks of the section's profile (the contract's default profile for one it does not know). */
export function contractView(dialect: string, script: ContractScript | undefined, profile: string | undefined): ContractView {
  const headers = new Set(['content-type', 'location']);
  const schemas = new Map<string, Expectation[]>();
  if (script) {
    const params = Object.fromEntries(Object.entries(script.parameters ?? {}).map(([name, p]) => [name, p.default]));
    const options: ScriptOptions = { ...script.defaults, profile: profile && script.profiles.includes(profile) ? profile : defaultProfileOf(script), params };
    for (const check of script.checks(options)) {
      const request = requestOf(check.request);
      const expectations: readonly Expectation[] = Array.isArray(check.expect) ? check.expect : [check.expect as Expectation];
      for (const expect of expectations) {
        for (const name of Object.keys(expect.headers ?? {})) headers.add(name.toLowerCase());
        if (!request || !expect.schema) continue;
        const list = schemas.get(request.path) ?? [];
        list.push(expect);
        schemas.set(request.path, list);
      }
    }
  }
  return { dialect, headers: [...headers], schemas };
}

/** The schema of the contract's answer on this path that the gateway's own answer satisfies, if any. */
export function schemaOfAnswer(view: ContractView, path: string, status: number, body: unknown): string | undefined {
  for (const expect of view.schemas.get(path) ?? []) {
    if (expect.status !== status || !expect.schema) continue;
    if (schemaValidator(view.dialect, expect.schema)(body)) return expect.schema;
  }
  return undefined;
}
