import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ConfigError, validateConfig, type DialectSchemaSource } from './validate';
import type { RawConfig, RawStore } from './types';
import { crossCheck } from './build';

/** Reads a YAML or JSON file (YAML is a superset, so one parser serves both). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((e) => `${file}: ${e.message.split('\n')[0]}`));
  }
  return document.toJS();
}

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
