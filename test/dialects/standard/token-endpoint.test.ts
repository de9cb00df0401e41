import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('standard dialect over HTTP', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(() => runtime.close());

  const token = (form: Record<string, string>, auth = basic('web-app', 's3cret')) =>
    request(runtime.app).post('/std/token').set('Authorization', auth).type('form').send(form);

  it('issues a client_credentials token in the RFC 6749 shape, not cacheable', async () => {
    const res = await token({ grant_type: 'client_credentials', scope: 'read' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    expectSchema('standard', 'token.response', res.body);
    expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope']);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read' });
  });

  it('authenticates a client by form parameters too', async () => {
    const res = await request(runtime.app).post('/std/token').type('form').send({ grant_type: 'client_credentials', client_id: 'web-app', client_secret: 's3cret' });
    expect(res.status).toBe(200);
  });

  it('runs password → refresh → introspect → userinfo → revoke', async () => {
    const login = await token({ grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'read write' });
    expect(login.status).toBe(200);
    expectSchema('standard', 'token.response', login.body);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);

    const facts = await request(runtime.app).post('/std/introspect').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: refreshed.body.access_token });
    expect(facts.status).toBe(200);
    expectSchema('standard', 'introspect.response', facts.body);
    expect(facts.body).toMatchObject({ active: true, sub: 'alice', client_id: 'web-app', scope: 'read write', token_type: 'access_token' });

    const me = await request(runtime.app).get('/std/userinfo').set('Authorization', `Bearer ${refreshed.body.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ sub: 'alice', uid: '1001', email: 'alice@example.com' });

    const revoked = await request(runtime.app).post('/std/revoke').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: refreshed.body.refresh_token });
    expect(revoked.status).toBe(200);
    const after = await request(runtime.app).post('/std/introspect').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: refreshed.body.access_token });
    expect(after.body).toEqual({ active: false });
    const gone = await request(runtime.app).get('/std/userinfo').set('Authorization', `Bearer ${refreshed.body.access_token}`);
    expect(gone.status).toBe(401);
    expect(gone.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it('serves the JWKS without private parts', async () => {
    const res = await request(runtime.app).get('/std/jwks');
    expect(res.status).toBe(200);
    expect(res.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(res.body.keys[0]).not.toHaveProperty('d');
  });

  describe('errors, each in the dialect\'s shape with its status', () => {
    const cases: Array<[string, () => request.Test, number, string]> = [
      ['wrong client secret (Basic)', () => token({ grant_type: 'client_credentials' }, basic('web-app', 'nope')), 401, 'invalid_client'],
      ['unknown client', () => token({ grant_type: 'client_credentials' }, basic('ghost', 'x')), 401, 'invalid_client'],
      ['no client authentication', () => request(runtime.app).post('/std/token').type('form').send({ grant_type: 'client_credentials' }), 401, 'invalid_client'],
      ['missing grant_type', () => token({}), 400, 'invalid_request'],
      ['unsupported grant_type', () => token({ grant_type: 'urn:x' }), 400, 'unsupported_grant_type'],
      ['grant not allowed for the client', () => token({ grant_type: 'authorization_code', code: 'x' }, basic('other-app', 'other-secret')), 400, 'unauthorized_client'],
      ['wrong user password', () => token({ grant_type: 'password', username: 'alice', password: 'nope' }), 400, 'invalid_grant'],
      ['locked user', () => token({ grant_type: 'password', username: 'mallory', password: 'locked-out' }), 400, 'invalid_grant'],
      ['password grant without password', () => token({ grant_type: 'password', username: 'alice' }), 400, 'invalid_request'],
      ['invalid scope', () => token({ grant_type: 'client_credentials', scope: 'admin' }), 400, 'invalid_scope'],
      ['unknown refresh token', () => token({ grant_type: 'refresh_token', refresh_token: 'nope' }), 400, 'invalid_grant'],
      ['repeated parameter', () => request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send('grant_type=client_credentials&grant_type=password'), 400, 'invalid_request'],
      ['Basic and form secret at once', () => request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'client_credentials', client_id: 'web-app', client_secret: 's3cret' }), 400, 'invalid_request'],
      ['JSON body instead of a form', () => request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).send({ grant_type: 'client_credentials' }), 400, 'invalid_request'],
      ['malformed JSON', () => request(runtime.app).post('/std/token').set('Content-Type', 'application/json').send('{"grant_type":'), 400, 'invalid_request'],
      ['no body at all', () => request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')), 400, 'invalid_request'],
      ['huge body', () => token({ grant_type: 'client_credentials', padding: 'x'.repeat(200_000) }), 413, 'invalid_request'],
      ['wrong method', () => request(runtime.app).get('/std/token'), 405, 'invalid_request'],
      ['malformed Basic header', () => request(runtime.app).post('/std/token').set('Authorization', 'Basic !!!').type('form').send({ grant_type: 'client_credentials' }), 401, 'invalid_client'],
      ['introspection without client auth', () => request(runtime.app).post('/std/introspect').type('form').send({ token: 'x' }), 401, 'invalid_client'],
      ['userinfo without a token', () => request(runtime.app).get('/std/userinfo'), 401, 'invalid_token'],
    ];

    it.each(cases)('%s', async (_name, send, status, error) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectSchema('standard', 'error.response', res.body);
      expect(res.body.error).toBe(error);
      expect(res.text).not.toMatch(/at \w+ \(|node_modules|<html/i);
    });

    it('answers a Basic failure with a WWW-Authenticate challenge', async () => {
      const res = await token({ grant_type: 'client_credentials' }, basic('web-app', 'nope'));
      expect(res.headers['www-authenticate']).toBe('Basic realm="oauth-dialects"');
    });

    it('keeps what is stored when a request fails', async () => {
      const ok = await token({ grant_type: 'password', username: 'bob', password: 'builder' });
      await token({ grant_type: 'refresh_token', refresh_token: `${ok.body.refresh_token}x` });
      await request(runtime.app).post('/std/token').set('Content-Type', 'application/json').send('{"broken');
      const still = await token({ grant_type: 'refresh_token', refresh_token: ok.body.refresh_token });
      expect(still.status).toBe(200);
    });
  });

  it('gives unknown paths a JSON 404', async () => {
    const res = await request(runtime.app).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found' });
  });

  it('answers health and readiness probes and echoes a request id', async () => {
    const health = await request(runtime.app).get('/healthz').set('X-Request-Id', 'req-123');
    expect(health.status).toBe(200);
    expect(health.headers['x-request-id']).toBe('req-123');
    const ready = await request(runtime.app).get('/readyz');
    expect(ready.body).toEqual({ status: 'ok', store: 'memory' });
    const generated = await request(runtime.app).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
