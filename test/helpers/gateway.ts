import pino from 'pino';
import type { RawConfig } from '../../src/config/types';
import { loadConfig } from '../../src/config/load';
import { createRuntime, type Runtime } from '../../src/runtime';
import type { Dialect } from '../../src/http/dialect';
import type { TokenStore } from '../../src/core/store';
import { DIALECTS } from '../../dialects';
import type { Faults } from '../../src/testing/faults';

export const silentLogger = pino({ level: 'silent' });

/** A small configuration with one confidential client, one public client and three users. */
export function testConfig(overrides: Partial<RawConfig> = {}): RawConfig {
  return {
    issuer: 'http://gateway.test',
    store: 'memory',
    secret: 'test-server-secret-0123456789abcdef0123',
    bcrypt: { cost: 4 },
    clients: [
      {
        client_id: 'web-app',
        client_secret: 's3cret',
        grant_types: ['password', 'client_credentials', 'refresh_token', 'authorization_code'],
        scopes: ['read', 'write', 'openid'],
        redirect_uris: ['http://localhost:3000/callback'],
      },
      {
        client_id: 'other-app',
        client_secret: 'other-secret',
        grant_types: ['client_credentials', 'password', 'refresh_token'],
        scopes: ['read'],
      },
      { client_id: 'spa', grant_types: ['authorization_code', 'refresh_token'], scopes: ['read'], redirect_uris: ['http://localhost:3000/cb'] },
    ],
    users: [
      { username: 'alice', password: 'wonderland', uid: '1001', attributes: { email: 'alice@example.com', phone_number: '+8613800000000' }, roles: ['admin'] },
      { username: 'bob', password: 'builder', uid: '1002', roles: ['user'] },
      { username: 'mallory', password: 'locked-out', status: 'locked' },
      { username: 'dave', password: 'disabled-pw', status: 'disabled' },
    ],
    dialects: { standard: { enabled: true } },
    ...overrides,
  };
}

export interface StartOptions {
  config?: RawConfig;
  dialects?: Dialect[];
  store?: TokenStore;
  now?: () => number;
  faults?: Faults;
}

/** A gateway runtime on its express app (use with supertest, which opens a real socket). */
export async function startRuntime(options: StartOptions = {}): Promise<Runtime> {
  const dialects = options.dialects ?? DIALECTS;
  const config = loadConfig(options.config ?? testConfig(), dialects);
  return createRuntime({ config, dialects, logger: silentLogger, store: options.store, now: options.now, faults: options.faults });
}
