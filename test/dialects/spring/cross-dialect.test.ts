import request from 'supertest';
import type { DialectSection } from '../../../src/config/types';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { JWT_HS256, SEED, basic, checkToken, expectOAuth2Error, springConfig, tokenRequest } from './helpers';

const STD_AUTH = basic('web-app', 's3cret');

describe.each([
  ['JWT (HS256)', JWT_HS256],
  ['opaque', { allow_form_authentication: true }],
] as Array<[string, DialectSection]>)('spring %s tokens through the other doors', (_name, spring) => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig({ ...spring, check_token_access: 'isAuthenticated' }) });
  });
  afterAll(() => runtime.close());

  const introspect = (token: string) => request(runtime.app).post('/std/introspect').set('Authorization', STD_AUTH).type('form').send({ token });

  it('introspects at /std/introspect, serves /std/userinfo, and revokes at /std/revoke', async () => {
    const login = await tokenRequest(runtime, { grant_type: 'password', username: 'alice', password: 'wonderland' });
    expect(login.status).toBe(200);
    const facts = await introspect(login.body.access_token);
    expect(facts.status).toBe(200);
    expectSchema('standard', 'introspect.response', facts.body);
    expect(facts.body).toMatchObject({ active: true, sub: 'alice', client_id: SEED.id, scope: 'read write', token_type: 'access_token' });

    const me = await request(runtime.app).get('/std/userinfo').set('Authorization', `Bearer ${login.body.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ sub: 'alice' });

    const revoke = await request(runtime.app).post('/std/revoke').set('Authorization', basic(SEED.id, SEED.secret)).type('form').send({ token: login.body.refresh_token });
    expect(revoke.status).toBe(200);
    expect((await introspect(login.body.access_token)).body).toEqual({ active: false });
    expectOAuth2Error(await checkToken(runtime, login.body.access_token), 400, { error: 'invalid_token', error_description: 'Token was not recognised' });
    const refresh = await tokenRequest(runtime, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('revokes a client_credentials access token alone at /std/revoke', async () => {
    const cc = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    expect((await introspect(cc.body.access_token)).body.active).toBe(true);
    await request(runtime.app).post('/std/revoke').set('Authorization', basic(SEED.id, SEED.secret)).type('form').send({ token: cc.body.access_token });
    expect((await introspect(cc.body.access_token)).body).toEqual({ active: false });
  });

  it('accepts at /oauth/check_token a token minted by /std/token', async () => {
    const std = await request(runtime.app).post('/std/token').set('Authorization', STD_AUTH).type('form').send({ grant_type: 'password', username: 'bob', password: 'builder', scope: 'read' });
    expect(std.status).toBe(200);
    const res = await checkToken(runtime, std.body.access_token);
    expect(res.status).toBe(200);
    expectSchema('spring', 'check_token.response', res.body);
    expect(res.body).toMatchObject({ active: true, user_name: 'bob', authorities: ['ROLE_USER'], client_id: 'web-app', scope: ['read'] });
  });
});
