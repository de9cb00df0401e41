/** The configuration file as written (snake_case, as in the README). */
export interface RawClient {
  client_id: string;
  client_name?: string;
  client_secret?: string;
  grant_types?: string[];
  scopes?: string[];
  redirect_uris?: string[];
  access_token_ttl?: number;
  refresh_token_ttl?: number;
  require_consent?: boolean;
  /** Claims of the client's own in its JWTs: static values, or `{{user.attributes.email}}`-style templates. */
  claims?: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

export interface RawUser {
  username: string;
  password: string;
  status?: 'active' | 'locked' | 'disabled';
  uid?: string;
  attributes?: Record<string, string>;
  roles?: string[];
}

export interface RawStore {
  url: string;
  key_prefix?: string;
  command_timeout_ms?: number;
}

/** The browser sign-in shared by every dialect's authorize endpoint. */
export interface RawSignIn {
  path?: string;
  session_ttl?: number;
  cookie_name?: string;
  default_language?: 'en' | 'zh-CN';
  brand?: string;
  lockout?: { user_failures?: number; address_failures?: number; window?: number; duration?: number; refusal_delay_ms?: number };
}

/** Prometheus metrics: on a port of their own, or on the public port behind a bearer token. */
export interface RawMetrics {
  enabled?: boolean;
  path?: string;
  port?: number;
  bearer_token?: string;
}

/** The API documentation: `GET <path>` and `<path>/<dialect>/openapi.json`. */
export interface RawDocs {
  enabled?: boolean;
  path?: string;
}

/** The admin API (off unless enabled): grants by user or client, revocation, counts. */
export interface RawAdmin {
  enabled?: boolean;
  path?: string;
  /** Scope an access token must have been granted to call it. */
  scope?: string;
  /** The operators' own bearer token: plain (hashed at load, with a warning) or, better, its bcrypt hash. */
  token?: string;
  token_hash?: string;
}

/** Every dialect section has these; the rest belongs to the dialect's own schema. */
export interface DialectSection {
  enabled?: boolean;
  base_path?: string;
  profile?: string;
  [key: string]: unknown;
}

export interface RawConfig {
  issuer: string;
  store?: string | RawStore;
  metrics?: RawMetrics;
  secret?: string;
  admin_role?: string;
  expired_token_memory?: number;
  log_level?: string;
  http?: { body_limit?: string; trust_proxy?: boolean; shutdown_grace_ms?: number };
  secret_cache?: { ttl_seconds?: number; size?: number };
  bcrypt?: { threads?: number; cost?: number; max_wait_ms?: number; suspect_max_wait_ms?: number; max_queue?: number };
  keys?: { rsa?: Array<{ kid: string; private_key: string }>; shared_retry_ms?: number; shared_check_ms?: number };
  signin?: RawSignIn;
  docs?: RawDocs;
  admin?: RawAdmin;
  /** The test controls under `/_test/…` (never in production); served on loopback only unless `test_mode_allow_remote`. */
  test_mode?: boolean;
  test_mode_allow_remote?: boolean;
  clients?: RawClient[];
  users?: RawUser[];
  dialects?: Record<string, DialectSection>;
}
