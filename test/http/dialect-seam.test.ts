import request from 'supertest';
import { DIALECTS } from '../../dialects';
import { ConfigError } from '../../src/config/validate';
import { loadConfig } from '../../src/config/load';
import { startRuntime, testConfig } from '../helpers/gateway';
import { echoDialect } from '../fixtures/echo-dialect';

const basic = 'Basic ' + Buffer.from('web-app:s3cret').toString('base64');

describe('the dialect seam', () => {
  it('mounts a new dialect from its own folder-like object, with its own config section and error shape', async () => {
    const echo = echoDialect();
    const runtime = await startRuntime({
      dialects: [...DIALECTS, echo],
      config: testConfig({ dialects: { standard: { enabled: true }, echo: { enabled: true, greeting: 'nihao' } } }),
    });
    try {
      const ok = await request(runtime.app).post('/echo/token').set('Authorization', basic).send({ grant_type: 'client_credentials' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ code: 0, greeting: 'nihao', data: { ttl: 42 } });
      // The token is the engine's: the standard dialect introspects it.
      const facts = await request(runtime.app).post('/std/introspect').set('Authorization', basic).type('form').send({ token: ok.body.data.token });
      expect(facts.body).toMatchObject({ active: true, client_id: 'web-app' });

      const denied = await request(runtime.app).post('/echo/token').set('Authorization', 'Basic ' + Buffer.from('web-app:bad').toString('base64')).send({});
      expect(denied.status).toBe(200);
      expect(denied.body).toEqual({ code: 1, error: 'invalid_client', reason: 'bad_credentials' });

      const malformed = await request(runtime.app).post('/echo/token').set('Content-Type', 'application/json').send('{"oops');
      expect(malformed.body).toEqual({ code: 1, error: 'invalid_request', reason: 'malformed_body' });

      const tooBig = await request(runtime.app).post('/echo/token').send({ pad: 'x'.repeat(100_000) });
      expect(tooBig.body).toEqual({ code: 1, error: 'payload_too_large', reason: null });

      const wrongMethod = await request(runtime.app).delete('/echo/token');
      expect(wrongMethod.body).toEqual({ code: 1, error: 'method_not_allowed', reason: null });
    } finally {
      await runtime.close();
    }
  });

  it('maps an unexpected failure to the dialect\'s server error, saying nothing of its cause', async () => {
    const runtime = await startRuntime({ dialects: [...DIALECTS, echoDialect()], config: testConfig({ dialects: { echo: { enabled: true } } }) });
    try {
      const res = await request(runtime.app).get('/echo/boom');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ code: 1, error: 'server_error', reason: null });
      expect(res.text).not.toContain('hunter2');
      expect(res.text).not.toMatch(/Error:|at /);
    } finally {
      await runtime.close();
    }
  });

  it('lets two dialects share a base path, each parsing and answering only its own routes', async () => {
    const a = echoDialect('alpha', '');
    const b = { ...echoDialect('beta', ''), routes: () => [{ method: 'POST' as const, path: '/other' }] };
    b.mount = (router) => {
      router.post('/other', (_req, res) => {
        res.json({ from: 'beta' });
      });
    };
    b.renderError = (error) => ({ status: 400, body: { beta_error: error.code } });
    const runtime = await startRuntime({ dialects: [a, b], config: testConfig({ dialects: { alpha: { enabled: true }, beta: { enabled: true } } }) });
    try {
      expect((await request(runtime.app).post('/other').send({})).body).toEqual({ from: 'beta' });
      const broken = await request(runtime.app).post('/other').set('Content-Type', 'application/json').send('{"x');
      expect(broken.body).toEqual({ beta_error: 'invalid_request' });
      const alphaBroken = await request(runtime.app).post('/token').set('Content-Type', 'application/json').send('{"x');
      expect(alphaBroken.body).toMatchObject({ code: 1, error: 'invalid_request' });
    } finally {
      await runtime.close();
    }
  });

  it('refuses to start when two dialects are mounted on the same path, naming both', async () => {
    const config = testConfig({ dialects: { standard: { enabled: true, base_path: '/same' }, echo: { enabled: true, base_path: '/same' } } });
    await expect(startRuntime({ dialects: [...DIALECTS, echoDialect()], config })).rejects.toThrow(/"standard" and "echo" are both mounted on \/same\/token/);
  });

  it('does not mount a disabled dialect', async () => {
    const runtime = await startRuntime({ config: testConfig({ dialects: { standard: { enabled: false } } }) });
    try {
      expect((await request(runtime.app).post('/std/token').type('form').send({})).status).toBe(404);
    } finally {
      await runtime.close();
    }
  });

  it('validates a dialect\'s section against the dialect\'s own schema', () => {
    const dialects = [...DIALECTS, echoDialect()];
    expect(() => loadConfig(testConfig({ dialects: { echo: { enabled: true, greeting: 5 } } }), dialects)).toThrow(ConfigError);
    try {
      loadConfig(testConfig({ dialects: { echo: { enabled: true, nonsense: 1 }, unknown_vendor: {} } }), dialects);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining(['/dialects/echo: unknown key "nonsense"', '/dialects: unknown key "unknown_vendor"']),
      );
    }
    expect.assertions(2);
  });
});
