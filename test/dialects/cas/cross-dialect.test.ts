import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { expectSchema } from '../../helpers/schema';
import { basic, PROFILE_NAMES, SEED_QUERY, seedRequest, startCas, type ProfileName } from './cas-gateway';

describe.each(PROFILE_NAMES)('CAS tokens through the standard dialect and back, profile %s', (profile: ProfileName) => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startCas(profile);
  });
  afterAll(() => runtime.close());

  const stdIntrospect = (token: string, auth = basic('xxx', encodeURIComponent('xxx='))) =>
    request(runtime.app).post('/std/introspect').set('Authorization', auth).type('form').send({ token });
  const casProfile = (token: string) => request(runtime.app).get(`/oauth2.0/profile?access_token=${token}`);

  it('a CAS access token introspects and is revoked at /std', async () => {
    const token = (await seedRequest(runtime, SEED_QUERY)).body.access_token;
    const facts = await stdIntrospect(token);
    expect(facts.status).toBe(200);
    expectSchema('standard', 'introspect.response', facts.body);
    expect(facts.body).toMatchObject({ active: true, sub: 'xxx', client_id: 'xxx', token_type: 'access_token', grant_type: 'password' });
    expect(facts.body.exp - facts.body.iat).toBe(28800);

    const revoked = await request(runtime.app).post('/std/revoke').set('Authorization', basic('xxx', encodeURIComponent('xxx='))).type('form').send({ token });
    expect(revoked.status).toBe(200);
    expect((await stdIntrospect(token)).body).toEqual({ active: false });
    expect((await casProfile(token)).status).toBe(401);
  });

  it('a CAS refresh token revoked at /std takes its access token with it', async () => {
    const login = await request(runtime.app).post('/oauth2.0/accessToken').set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'password', username: 'xxx', password: 'xxx' });
    await request(runtime.app).post('/std/revoke').set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ token: login.body.refresh_token }).expect(200);
    expect((await casProfile(login.body.access_token)).status).toBe(401);
  });

  it('a CAS access token shows its user at /std/userinfo', async () => {
    const token = (await seedRequest(runtime, SEED_QUERY)).body.access_token;
    const me = await request(runtime.app).get('/std/userinfo').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ sub: 'xxx', uid: '2001', email: 'casuser@example.org' });
  });

  it('a /std token shows its user at /oauth2.0/profile (no CAS service recorded)', async () => {
    const std = await request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'read' });
    expect(std.status).toBe(200);
    const res = await casProfile(std.body.access_token);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expectSchema('cas', 'profile.response', body);
    expect(Object.keys(body)).toEqual(['attributes', 'id', 'client_id']);
    expect(body).toMatchObject({ id: 'alice', client_id: 'web-app', attributes: { email: 'alice@example.com' } });

    // Revoked at /std, it is expired for CAS.
    await request(runtime.app).post('/std/revoke').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: std.body.access_token }).expect(200);
    expect(JSON.parse((await casProfile(std.body.access_token)).text).error).toEqual(profile === 'cas5' ? ['expired_accessToken'] : 'expired_accessToken');
  });

  if (profile !== 'cas5') {
    it('a /std token introspects and is revoked at /oauth2.0', async () => {
      const std = await request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'client_credentials', scope: 'read' });
      const facts = await request(runtime.app).post('/oauth2.0/introspect').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: std.body.access_token });
      expectSchema('cas', 'introspect.response', facts.body);
      expect(facts.body).toMatchObject({ active: true, sub: 'web-app', client_id: 'web-app', aud: 'web-app', grant_type: 'client_credentials' });
      const revoked = await request(runtime.app).post('/oauth2.0/revoke').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: std.body.access_token });
      expect(revoked.status).toBe(200);
      const after = await request(runtime.app).post('/std/introspect').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token: std.body.access_token });
      expect(after.body).toEqual({ active: false });
    });
  }
});
