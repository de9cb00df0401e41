/** A request of a contract check; paths are relative to the base URL (the dialect's mount point). */
export interface ContractRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
}

export interface Expectation {
  status: number;
  /** Header name (any case) → exact value, or a pattern the value must match. */
  headers?: Record<string, string | RegExp>;
  /** `schemas/<dialect>/<schema>.json` validates the body (JSON, or the text of a non-JSON body). */
  schema?: string;
  /** Wire order of the keys that are present (where the dialect's contract fixes it). */
  keyOrder?: readonly string[];
  /** Exact values at JSON pointers (`/error` → `invalid_client`). */
  values?: Record<string, unknown>;
  /** The response has no body at all (e.g. a refusal before any OAuth handling). */
  emptyBody?: boolean;
  /** JSON pointer of a token in the body → the schemas its JOSE header and claims must match. */
  jwts?: Record<string, JwtExpectation>;
}

export interface JwtExpectation {
  header?: string;
  claims: string;
  /** Wire order of the header fields and of the claims that are present, where the vendor fixes it. */
  headerOrder?: readonly string[];
  claimOrder?: readonly string[];
  /** The server may issue opaque tokens instead (e.g. Spring without a JWT token store). */
  onlyIfJwt?: boolean;
}

/** Values taken from earlier responses (tokens, codes), by name. */
export type Captured = Record<string, string>;

export interface Check {
  name: string;
  request: ContractRequest | ((captured: Captured) => ContractRequest);
  /** Several when the vendor answers either way depending on its configuration (the first is reported). */
  expect: Expectation | readonly Expectation[];
  /** Name → JSON pointer into this check's response body: values later checks need. */
  capture?: Record<string, string>;  /**
   * Set when the check depends on a server setting the kit cannot see (e.g. CAS issues refresh
   * tokens only to clients that ask for them): without the values it needs it is skipped, not failed.
   */
  skipWithout?: string;
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export interface ScriptOptions extends Credentials {
  profile: string;
  /** The script's own parameters (e.g. CIAM's `auth_source_id`), defaults filled in. */
  params: Record<string, string>;
}

/** A request parameter only one dialect needs, set with `--param name=value`. */
export interface ScriptParameter {
  description: string;
  /** The demo configuration's value. */
  default: string;
}

/** One dialect's scripted sequence: which profiles it knows and the checks for one of them. */
export interface ContractScript {
  dialect: string;
  profiles: readonly string[];
  /** The profile a run uses when none is asked for; the first of `profiles` when absent. */
  defaultProfile?: string;
  /**
   * Paths below the host where the API usually lives (the vendor's usual context path, then the
   * gateway's default base_path; '' for the root), suggested when nothing answers at the base URL.
   */
  mountPoints: readonly string[];
  /** The demo configuration's vendor example credentials. */
  defaults: Credentials;
  parameters?: Record<string, ScriptParameter>;
  checks(options: ScriptOptions): Check[];
}

export interface CheckResult {
  name: string;
  passed: boolean;
  /** Why the check was not run (it then counts neither as passed nor as failed). */
  skipped?: string;
  /** Every difference found, the first of each kind (status, header, body). */
  differences: string[];
  request: { method: string; url: string };
  status?: number;
}

export interface ContractReport {
  dialect: string;
  profile: string;
  baseUrl: string;
  passed: number;
  failed: number;
  skipped: number;
  checks: CheckResult[];
  /** What went wrong with the run as a whole (the server cannot be reached, or nothing answers there). */
  problem?: string;
}

/** The profile a script runs when none is asked for. */
export function defaultProfileOf(script: ContractScript): string {
  return script.defaultProfile ?? script.profiles[0];
}
