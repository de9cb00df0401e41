import { readFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import request from 'supertest';
import YAML from 'yaml';
import { loadConfig, readConfigFile } from '../../src/config/load';
import { BCRYPT_PATTERN } from '../../src/core/secrets/bcrypt-pool';
import { DIALECTS } from '../../dialects';
import { startRuntime } from '../helpers/gateway';

/** The example configuration and compose file shipped at the repository root. */
const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE_CONFIG = path.join(ROOT, 'config/gateway.yaml');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

describe('config/gateway.yaml (the docker-compose example)', () => {
  const config = loadConfig(readConfigFile(EXAMPLE_CONFIG), DIALECTS);

  it('is valid for the project loader', () => {
    expect(config.issuer).toBe('http://127.0.0.1:8080');
    expect(config.store).toMatchObject({ url: 'redis://redis:6379/0' });
    expect(config.dialects).toEqual({ standard: { enabled: true } });
    expect(config.secret).toBeUndefined(); // comes from OAUTH_DIALECTS_SECRET
  });

  it('has a confidential client, a public client, and alice (admin) and bob', () => {
    const clients = new Map((config.clients ?? []).map((c) => [c.client_id, c]));
    expect(clients.get('web-app')?.client_secret).toMatch(BCRYPT_PATTERN);
    const publicClients = (config.clients ?? []).filter((c) => c.client_secret === undefined);
    expect(publicClients.length).toBeGreaterThanOrEqual(1);

    const users = new Map((config.users ?? []).map((u) => [u.username, u]));
    expect(users.get('alice')?.roles).toContain('admin');
    expect(users.has('bob')).toBe(true);
    for (const user of users.values()) expect(user.password).toMatch(BCRYPT_PATTERN);
  });

  it('stores hashes of the secrets its comments name', () => {
    const client = config.clients!.find((c) => c.client_id === 'web-app')!;
    const alice = config.users!.find((u) => u.username === 'alice')!;
    const bob = config.users!.find((u) => u.username === 'bob')!;
    expect(bcrypt.compareSync('s3cret', client.client_secret!)).toBe(true);
    expect(bcrypt.compareSync('wonderland', alice.password)).toBe(true);
    expect(bcrypt.compareSync('builder', bob.password)).toBe(true);
  });

  it('takes the compose environment: REDIS_URL and OAUTH_DIALECTS_SECRET', () => {
    const withEnv = loadConfig(readConfigFile(EXAMPLE_CONFIG), DIALECTS, {
      REDIS_URL: 'redis://redis:6379/0',
      OAUTH_DIALECTS_SECRET: 'CHANGE-ME-this-is-a-public-placeholder-secret',
    });
    expect(withEnv.store).toMatchObject({ url: 'redis://redis:6379/0', key_prefix: 'oauthd:' });
    expect(withEnv.secret).toBe('CHANGE-ME-this-is-a-public-placeholder-secret');
  });

  it('runs: web-app gets a token and alice signs in (memory store instead of Redis)', async () => {
    const runtime = await startRuntime({ config: { ...config, store: 'memory', secret: 'example-config-test-secret-0123456789' } });
    try {
      const basic = `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`;
      const cc = await request(runtime.app).post('/std/token').set('Authorization', basic).type('form').send({ grant_type: 'client_credentials' });
      expect(cc.status).toBe(200);
      const pw = await request(runtime.app)
        .post('/std/token')
        .set('Authorization', basic)
        .type('form')
        .send({ grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'read' });
      expect(pw.status).toBe(200);
      const introspection = await request(runtime.app)
        .post('/std/introspect')
        .set('Authorization', basic)
        .type('form')
        .send({ token: pw.body.access_token as string });
      expect(introspection.body).toMatchObject({ active: true, username: 'alice', iss: 'http://127.0.0.1:8080' });
    } finally {
      await runtime.close();
    }
  });
});

describe('docker-compose.yml', () => {
  type Service = {
    image?: string;
    build?: unknown;
    depends_on?: Record<string, { condition?: string }> | string[];
    environment?: Record<string, string> | string[];
    ports?: string[];
    volumes?: string[];
    healthcheck?: { test?: string[] | string };
  };
  const compose = YAML.parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, Service> };

  it('names the redis and gateway services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'redis']);
    expect(compose.services.redis.image).toBe('redis:7-alpine');
    expect(JSON.stringify(compose.services.redis.healthcheck?.test)).toContain('redis-cli');
    expect(compose.services.gateway.build).toBe('.');
  });

  it('starts the gateway once redis is healthy, with the example configuration mounted', () => {
    const gateway = compose.services.gateway;
    expect(gateway.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(gateway.environment).toMatchObject({
      REDIS_URL: 'redis://redis:6379/0',
      OAUTH_DIALECTS_CONFIG: '/config/gateway.yaml',
    });
    expect(gateway.volumes).toContain('./config:/config:ro');
  });

  it('refuses to start without OAUTH_DIALECTS_SECRET: no default secret, a message saying what to set', () => {
    const secret = (compose.services.gateway.environment as Record<string, string>).OAUTH_DIALECTS_SECRET;
    expect(secret).toMatch(/^\$\{OAUTH_DIALECTS_SECRET:\?set OAUTH_DIALECTS_SECRET .+\}$/);
  });

  it('listens and publishes on PORT (default 8080), the port its health check probes', () => {
    const gateway = compose.services.gateway;
    expect(gateway.environment).toMatchObject({ PORT: '${PORT:-8080}' });
    expect(gateway.ports).toEqual(['${PORT:-8080}:${PORT:-8080}']);
  });
});
