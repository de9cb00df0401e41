import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { expectSchema } from '../../helpers/schema';
import { basic, expectSpringError, SEED_QUERY, SEED_SERVICE, seedRequest, startCas, type ProfileName } from './cas-gateway';

const INTROSPECT = '/oauth2.0/introspect';
const REVOKE = '/oauth2.0/revoke';
const ACTIVE_KEYS = ['token', 'active', 'sub', 'scope', 'iat', 'exp', 'realmName', 'uniqueSecurityName', 'tokenType', 'aud', 'client_id', 'grant_type'];

describe.each(['cas6', 'cas7'] as ProfileName[])('CAS introspection and revocation, profile %s', (profile) => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startCas(profile);
  });
  afterAll(() => runtime.close());

  const introspect = (token: string | undefined, auth: string | null = basic('xxx', 'xxx='), method: 'get' | 'post' = 'post') => {
    const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
    const req = method === 'get' ? request(runtime.app).get(`${INTROSPECT}${query}`) : request(runtime.app).post(INTROSPECT).type('form').send(token === undefined ? {} : { token });
    return auth ? req.set('Authorization', auth) : req;
  };
  const revoke = (form: Record<string, string>, auth?: string) => {
    const req = request(runtime.app).post(REVOKE).type('form');
    return (auth ? req.set('Authorization', auth) : req).send(form);
  };
  const profileOf = (token: string) => request(runtime.app).get(`/oauth2.0/profile?access_token=${token}`);
  const expectError = (res: request.Response, status: number, error: string, schema = 'introspect-error.response') => {
    expect(res.status).toBe(status);
    expectSchema('cas', schema, res.body);
    expect(res.body).toEqual({ error });
  };

  it('describes a live access token in CAS field order', async () => {
    const token = (await seedRequest(runtime, SEED_QUERY)).body.access_token;
    for (const method of ['post', 'get'] as const) {
      const res = await introspect(token, basic('xxx', 'xxx='), method);
      expect(res.status).toBe(200);
      expectSchema('cas', 'introspect.response', res.body);
      expect(Object.keys(res.body)).toEqual(ACTIVE_KEYS);
      expect(res.body).toMatchObject({ token, active: true, sub: 'xxx', scope: 'CAS', tokenType: 'bearer', aud: SEED_SERVICE, client_id: 'xxx', grant_type: 'password', uniqueSecurityName: 'xxx' });
      expect(res.body.exp - res.body.iat).toBe(28800);
    }
  });

  it('describes a refresh token, and takes the legacy access_token parameter', async () => {
    const login = await request(runtime.app).post('/oauth2.0/accessToken').set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'client_credentials' });
    const rt = await introspect(login.body.refresh_token);
    expect(rt.body).toMatchObject({ active: true, sub: 'rt-app', client_id: 'rt-app', grant_type: 'client_credentials' });
    const legacy = await request(runtime.app).post(INTROSPECT).set('Authorization', basic('xxx', 'xxx=')).type('form').send({ access_token: login.body.access_token });
    expect(legacy.body).toMatchObject({ token: login.body.access_token, active: true });
  });

  it('answers active:false for an unknown token', async () => {
    const res = await introspect('AT-1-unknown');
    expect(res.status).toBe(200);
    expectSchema('cas', 'introspect.response', res.body);
    expect(res.body).toEqual({ token: 'AT-1-unknown', active: false, scope: 'CAS' });
  });

  describe('introspection errors', () => {
    it('401 invalid_client without HTTP Basic, with a challenge', async () => {
      const res = await introspect('AT-1-x', null);
      expectError(res, 401, 'invalid_client');
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    });
    it('401 invalid_client with a wrong secret', async () => {
      expectError(await introspect('AT-1-x', basic('xxx', 'nope')), 401, 'invalid_client');
    });
    it('401 invalid_client with form credentials only (Basic is the only way)', async () => {
      const res = await request(runtime.app).post(INTROSPECT).type('form').send({ token: 'AT-1-x', client_id: 'xxx', client_secret: 'xxx=' });
      expectError(res, 401, 'invalid_client');
    });
    it('400 missing_accessToken without a token', async () => {
      expectError(await introspect(undefined), 400, 'missing_accessToken');
    });
    it('405 in Spring Boot\'s shape for PUT', async () => {
      expectSpringError(profile, await request(runtime.app).put(INTROSPECT), 405, INTROSPECT);
    });
  });

  it('revokes an access token: 200 {} and the token is gone', async () => {
    const token = (await seedRequest(runtime, SEED_QUERY)).body.access_token;
    const res = await revoke({ token }, basic('xxx', 'xxx='));
    expect(res.status).toBe(200);
    expectSchema('cas', 'revoke.response', res.body);
    expect(res.body).toEqual({});
    expect((await profileOf(token)).body).toEqual({ error: 'expired_accessToken' });
    expect((await introspect(token)).body.active).toBe(false);
  });

  it('revokes a refresh token with the access tokens issued from it; form credentials work', async () => {
    const login = await request(runtime.app).post('/oauth2.0/accessToken').set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'password', username: 'xxx', password: 'xxx' });
    const res = await revoke({ token: login.body.refresh_token, client_id: 'rt-app', client_secret: 'rt-secret' });
    expect(res.status).toBe(200);
    expect((await profileOf(login.body.access_token)).status).toBe(401);
    const refresh = await request(runtime.app).post('/oauth2.0/accessToken').set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
    expect(refresh.status).toBe(400);
  });

  it('answers 200 {} for an unknown token', async () => {
    const res = await revoke({ token: 'AT-1-unknown' }, basic('xxx', 'xxx='));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  describe('revocation errors', () => {
    it('400 invalid_request for another client\'s token, which stays live', async () => {
      const token = (await seedRequest(runtime, SEED_QUERY)).body.access_token;
      expectError(await revoke({ token }, basic('rt-app', 'rt-secret')), 400, 'invalid_request', 'error.response');
      expect((await profileOf(token)).status).toBe(200);
    });
    it('400 invalid_request without a token', async () => {
      expectError(await revoke({}, basic('xxx', 'xxx=')), 400, 'invalid_request', 'error.response');
    });
    it('400 invalid_request without a client', async () => {
      expectError(await revoke({ token: 'AT-1-x' }), 400, 'invalid_request', 'error.response');
    });
    it('401 Spring Boot error for a wrong secret', async () => {
      expectSpringError(profile, await revoke({ token: 'AT-1-x' }, basic('xxx', 'nope')), 401, REVOKE);
    });
    it('401 Spring Boot error for an unknown client', async () => {
      expectSpringError(profile, await revoke({ token: 'AT-1-x', client_id: 'ghost', client_secret: 'x' }), 401, REVOKE);
    });
    it('405 Spring Boot error for GET', async () => {
      expectSpringError(profile, await request(runtime.app).get(`${REVOKE}?token=x`), 405, REVOKE);
    });
  });
});

describe('CAS 5 has neither endpoint', () => {
  it('answers 404 at /oauth2.0/introspect and /oauth2.0/revoke', async () => {
    const runtime = await startCas('cas5');
    try {
      expect((await request(runtime.app).post(INTROSPECT).set('Authorization', basic('xxx', 'xxx=')).type('form').send({ token: 'x' })).status).toBe(404);
      expect((await request(runtime.app).post(REVOKE).set('Authorization', basic('xxx', 'xxx=')).type('form').send({ token: 'x' })).status).toBe(404);
    } finally {
      await runtime.close();
    }
  });
});
