import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { PORTAL_CODE_REQUEST as PORTAL, SIGNIN_DIALECTS, authorizePath, queryOf, signInConfig, signInThrough } from '../../helpers/signin';

const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
const CAS_AUTHORIZE = '/oauth2.0/authorize';

describe.each(['cas5', 'cas6'])('CAS %s /oauth2.0/authorize on the shared sign-in', (profile) => {
  let runtime: Runtime;
  beforeAll(async () => {
    const config = signInConfig();
    runtime = await startRuntime({ dialects: SIGNIN_DIALECTS, config: { ...config, dialects: { ...config.dialects, cas: { enabled: true, profile } } } });
  });
  afterAll(() => runtime.close());

  it('signs in, redirects with an OC- code and the state, and the code is exchanged at /oauth2.0/accessToken', async () => {
    const { page, back } = await signInThrough(runtime.app, authorizePath(PORTAL, CAS_AUTHORIZE), 'alice', 'wonderland');
    expect(page.text).toContain('Staff portal');
    expect(back.status).toBe(302);
    const { code, state } = queryOf(back.headers.location);
    expect(back.headers.location.startsWith('http://portal.test/callback?')).toBe(true);
    expect(state).toBe('xyz');
    expect(code).toMatch(/^OC-[1-9][0-9]*-[A-Za-z0-9-]{32}$/);

    const exchanged = await request(runtime.app)
      .post('/oauth2.0/accessToken')
      .set('Authorization', basic('portal', 'portal-secret'))
      .type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: 'http://portal.test/callback' });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.access_token).toMatch(/^AT-[1-9][0-9]*-[A-Za-z0-9-]{32}$/);
    const profileRes = await request(runtime.app).get('/oauth2.0/profile').set('Authorization', `Bearer ${exchanged.body.access_token}`);
    expect(profileRes.status).toBe(200);
    expect(profileRes.body.id).toBe('alice');
  });

  it('never redirects to an unregistered redirect_uri', async () => {
    const res = await request(runtime.app).get(authorizePath({ ...PORTAL, redirect_uri: 'https://evil.example/cb' }, CAS_AUTHORIZE));
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('sends a bad request back to the registered redirect_uri with the state', async () => {
    const res = await request(runtime.app).get(authorizePath({ ...PORTAL, response_type: 'token' }, CAS_AUTHORIZE));
    expect(res.status).toBe(302);
    expect(queryOf(res.headers.location)).toMatchObject({ error: 'unsupported_response_type', state: 'xyz' });
  });
});
