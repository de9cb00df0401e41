import { childEnv } from '../helpers/child-env';
import request from 'supertest';
import { serveCli } from '../helpers/cli';

describe('processes started by tests get an environment of their own', () => {
  const developerEnv = { REDIS_URL: 'redis://127.0.0.1:1/0', OAUTH_DIALECTS_SECRET: 'developer-secret', OAUTH_DIALECTS_CONFIG: '/nonexistent.yaml', PORT: '1' };
  const saved: Record<string, string | undefined> = {};

  beforeEach(() => {
    for (const [name, value] of Object.entries(developerEnv)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('carries PATH and HOME and what the test sets, nothing else', () => {
    const env = childEnv({ PORT: '0' });
    expect(Object.keys(env).sort()).toEqual(['HOME', 'PATH', 'PORT'].filter((name) => name === 'PORT' || process.env[name] !== undefined));
    expect(env).toMatchObject({ PATH: process.env.PATH, PORT: '0' });
  });

  it('a serve child ignores the REDIS_URL, config and port of the environment the tests run in', async () => {
    const server = await serveCli(['--port', '0']);
    try {
      expect(server.output()).toContain('store: memory');
      expect(server.output()).toContain('built-in demo configuration');
      // One answered request also means serve has set up its SIGTERM handler (it does so after the banner).
      expect((await request(server.url).get('/readyz')).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
