import { ConfigError, validateConfig, type DialectSchemaSource } from './validate';
import type { RawConfig, RawStore } from './types';
import { crossCheck } from './build';

export { readConfigFile } from './read-file';

export interface Environment {
  PORT?: string;
  REDIS_URL?: string;
  OAUTH_DIALECTS_CONFIG?: string;
  OAUTH_DIALECTS_SECRET?: string;
  [key: string]: string | undefined;
}

/** Environment overrides: REDIS_URL replaces the store URL, OAUTH_DIALECTS_SECRET the secret. */
export function applyEnvironment(config: RawConfig, env: Environment): RawConfig {
  const result = { ...config };
  if (env.REDIS_URL) {
    const current: RawStore = typeof config.store === 'object' ? config.store : { url: config.store ?? 'memory' };
    result.store = { ...current, url: env.REDIS_URL };
  }
  if (env.OAUTH_DIALECTS_SECRET) result.secret = env.OAUTH_DIALECTS_SECRET;
  return result;
}

/** Validates, applies the environment, validates again, and checks what the schema cannot. */
export function loadConfig(source: unknown, dialects: DialectSchemaSource[], env: Environment = {}): RawConfig {
  const config = validateConfig(applyEnvironment(validateConfig(source, dialects), env), dialects);
  const problems = crossCheck(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
