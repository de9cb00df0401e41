import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { DIALECTS } from '../../dialects';
import { loadConfig } from '../../src/config/load';
import { createRuntime, type Runtime } from '../../src/runtime';
import { testConfig } from '../helpers/gateway';
import { authorizePath, queryOf, signInThrough } from '../helpers/signin';

type Line = Record<string, unknown>;
const INFO = 30;
const WARN = 40;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const WEB_APP = basic('web-app', 's3cret');
const CODE_REQUEST = { response_type: 'code', client_id: 'web-app', redirect_uri: 'http://localhost:3000/callback', state: 'xyz' };

/**
 * A refused request's log line says which dialect refused it, for which client, and the core's
 * error code and reason, so a wrong secret, a locked account and a replayed token read apart.
 */
describe('the log line of a refused request', () => {
  let runtime: Runtime;
  const lines: Line[] = [];
  /** Every value a client sent that must never reach the log. */
  const secrets = ['wrong-secret-42', 'locked-out', 'wonderland', 'builder', 'cas-wrong-secret', basic('web-app', 'wrong-secret-42').slice(6)];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Line);
        done();
      },
    });
    const config = loadConfig(testConfig({ dialects: { standard: { enabled: true }, cas: { enabled: true }, spring: { enabled: true }, maxkey: { enabled: true } } }), DIALECTS);
    runtime = await createRuntime({ config, dialects: DIALECTS, logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => runtime.close());

  const token = (form: Record<string, string>, authorization = WEB_APP, path = '/std/token') =>
    request(runtime.app).post(path).set('Authorization', authorization).type('form').send(form);
  /** The request line of the answer with this request id. */
  const lineOf = (res: request.Response) => {
    const found = lines.filter((l) => (l.req as { id?: string } | undefined)?.id === res.headers['x-request-id']);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('a wrong client secret: the dialect, the client and invalid_client / bad_credentials, at info', async () => {
    const res = await token({ grant_type: 'client_credentials' }, basic('web-app', 'wrong-secret-42'));
    expect(res.status).toBe(401);
    expect(lineOf(res)).toMatchObject({
      level: INFO,
      res: { status: 401 },
      dialect: 'standard',
      client_id: 'web-app',
      error: { code: 'invalid_client', reason: 'bad_credentials' },
    });
  });

  it('the same taken by express\'s router rather than the fast lane, with the client in the body', async () => {
    const res = await request(runtime.app).post('/std/token/').type('form').send({ grant_type: 'client_credentials', client_id: 'other-app', client_secret: 'wrong-secret-42' });
    expect(res.status).toBe(401);
    expect(lineOf(res)).toMatchObject({ dialect: 'standard', client_id: 'other-app', error: { code: 'invalid_client', reason: 'bad_credentials' } });
  });

  it('a locked user: invalid_grant / user_locked', async () => {
    const res = await token({ grant_type: 'password', username: 'mallory', password: 'locked-out' });
    expect(res.status).toBe(400);
    expect(lineOf(res)).toMatchObject({ level: INFO, dialect: 'standard', client_id: 'web-app', error: { code: 'invalid_grant', reason: 'user_locked' } });
  });

  it('a replayed refresh token: refresh_reused at warn, and the reuse itself at warn with its dialect', async () => {
    const issued = await token({ grant_type: 'password', username: 'bob', password: 'builder' });
    expect((await token({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token })).status).toBe(200);
    const replay = await token({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token });
    expect(replay.status).toBe(400);
    expect(lineOf(replay)).toMatchObject({ level: WARN, dialect: 'standard', client_id: 'web-app', error: { code: 'invalid_grant', reason: 'refresh_reused' } });
    expect(lines).toContainEqual(expect.objectContaining({ level: WARN, kind: 'refresh_token', dialect: 'standard', clientId: 'web-app', msg: expect.stringMatching(/spent refresh token was presented again/) }));
    secrets.push(issued.body.refresh_token, issued.body.access_token);
  });

  it('a replayed authorization code: code_reused at warn', async () => {
    const { back } = await signInThrough(runtime.app, authorizePath(CODE_REQUEST), 'alice', 'wonderland');
    const { code } = queryOf(back.headers.location);
    secrets.push(code);
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: CODE_REQUEST.redirect_uri };
    const first = await token(exchange);
    expect(first.status).toBe(200);
    secrets.push(first.body.access_token, first.body.refresh_token);
    const replay = await token(exchange);
    expect(replay.status).toBe(400);
    expect(lineOf(replay)).toMatchObject({ level: WARN, dialect: 'standard', client_id: 'web-app', error: { code: 'invalid_grant', reason: 'code_reused' } });
  });

  it('another dialect names itself, with the client from the query string', async () => {
    const res = await request(runtime.app).get('/oauth2.0/accessToken').query({ grant_type: 'client_credentials', client_id: 'web-app', client_secret: 'cas-wrong-secret' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(lineOf(res)).toMatchObject({ dialect: 'cas', client_id: 'web-app', error: { code: 'invalid_client', reason: 'bad_credentials' } });
  });

  it("Spring's and MaxKey's answers name the core's reason beneath their own wire codes", async () => {
    const basicRefused = await request(runtime.app).post('/oauth/token').set('Authorization', basic('web-app', 'spring-wrong-secret')).type('form').send({ grant_type: 'client_credentials' });
    expect(basicRefused.status).toBe(401);
    expect(lineOf(basicRefused)).toMatchObject({ dialect: 'spring', client_id: 'web-app', error: { code: 'invalid_client', reason: 'bad_credentials' } });
    const badRefresh = await request(runtime.app).post('/oauth/token').set('Authorization', WEB_APP).type('form').send({ grant_type: 'refresh_token', refresh_token: 'no-such-refresh-token' });
    expect(badRefresh.status).toBe(400);
    expect(lineOf(badRefresh)).toMatchObject({ dialect: 'spring', error: { code: 'invalid_grant', reason: 'unknown_token' } });
    // MaxKey answers every refusal at HTTP 200; the log still says why.
    const maxkey = await request(runtime.app).post('/sign/authz/oauth/v20/token').type('form').send({ grant_type: 'password', client_id: 'web-app', client_secret: 's3cret', username: 'mallory', password: 'locked-out' });
    expect(maxkey.status).toBe(200);
    expect(lineOf(maxkey)).toMatchObject({ dialect: 'maxkey', client_id: 'web-app', error: { code: 'invalid_grant', reason: 'user_locked' } });
    secrets.push('spring-wrong-secret');
  });

  it('a successful request carries none of it', async () => {
    const res = await token({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    const line = lineOf(res);
    expect(line).not.toHaveProperty('error');
    expect(line).not.toHaveProperty('dialect');
  });

  it('never logs a secret, password, code or token', () => {
    expect(lines.length).toBeGreaterThan(8);
    const logged = JSON.stringify(lines);
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });
});
