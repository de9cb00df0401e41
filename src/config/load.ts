import { ConfigError, validateConfig, type DialectSchemaSource } from './validate';
import type { RawConfig, RawStore } from './types';
import { crossCheck } from './build';

export { readConfigFile } from './read-file';

export interface Environment {
  PORT?: string;
  REDIS_URL?: string;
  OAUTH_DIALECTS_CONFIG?: string;
  OAUTH_DIALECTS_SECRET?: string;
  OAUTH_DIALECTS_TEST_MODE?: string;
  [key: string]: string | undefined;
}

/**
 * Environment overrides: REDIS_URL replaces the store URL, OAUTH_DIALECTS_SECRET the secret;
 * OAUTH_DIALECTS_TEST_MODE=1 turns test mode on, allowed on any address (a container binds
 * 0.0.0.0), and 0 turns it off.
 */
export function applyEnvironment(config: RawConfig, env: Environment): RawConfig {
  const result = { ...config };
  if (env.REDIS_URL) {
    const current: RawStore = typeof config.store === 'object' ? config.store : { url: config.store ?? 'memory' };
    result.store = { ...current, url: env.REDIS_URL };
  }
  if (env.OAUTH_DIALECTS_SECRET) result.secret = env.OAUTH_DIALECTS_SECRET;
  const testMode = env.OAUTH_DIALECTS_TEST_MODE;
  if (testMode === '1' || testMode === 'true') Object.assign(result, { test_mode: true, test_mode_allow_remote: true });
  else if (testMode === '0' || testMode === 'false') result.test_mode = false;
  else if (testMode) throw new ConfigError([`OAUTH_DIALECTS_TEST_MODE=${testMode}: must be 1 (on) or 0 (off)`]);
  return result;
}

/** Validates, applies the environment, validates again, and checks what the schema cannot. */
export function loadConfig(source: unknown, dialects: DialectSchemaSource[], env: Environment = {}): RawConfig {
  const config = validateConfig(applyEnvironment(validateConfig(source, dialects), env), dialects);
  const problems = crossCheck(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
