import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { PORTAL_CODE_REQUEST as PORTAL, SIGNIN_DIALECTS, authorizePath, queryOf, signInConfig, signInThrough } from '../../helpers/signin';

const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
const SPRING_AUTHORIZE = '/oauth/authorize';

describe.each(['2.3', '2.4'])('Spring %s /oauth/authorize on the shared sign-in', (profile) => {
  let runtime: Runtime;
  beforeAll(async () => {
    const config = signInConfig();
    runtime = await startRuntime({ dialects: SIGNIN_DIALECTS, config: { ...config, dialects: { ...config.dialects, spring: { enabled: true, profile } } } });
  });
  afterAll(() => runtime.close());

  it('signs in, redirects with a six-character code and the state, and the code is exchanged at /oauth/token', async () => {
    const { page, back } = await signInThrough(runtime.app, authorizePath(PORTAL, SPRING_AUTHORIZE), 'alice', 'wonderland');
    expect(page.text).toContain('Staff portal');
    expect(back.status).toBe(302);
    const { code, state } = queryOf(back.headers.location);
    expect(back.headers.location.startsWith('http://portal.test/callback?')).toBe(true);
    expect(state).toBe('xyz');
    expect(code).toMatch(/^[A-Za-z0-9_-]{6}$/);

    const exchanged = await request(runtime.app)
      .post('/oauth/token')
      .set('Authorization', basic('portal', 'portal-secret'))
      .type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: 'http://portal.test/callback' });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'bearer', scope: 'openid profile read' });
    expect(exchanged.body.refresh_token).toEqual(expect.any(String));
    const facts = await request(runtime.app).post('/std/introspect').set('Authorization', basic('portal', 'portal-secret')).type('form').send({ token: exchanged.body.access_token });
    expect(facts.body).toMatchObject({ active: true, username: 'alice', grant_type: 'authorization_code' });
  });

  it('never redirects to an unregistered redirect_uri', async () => {
    const res = await request(runtime.app).get(authorizePath({ ...PORTAL, redirect_uri: 'https://evil.example/cb' }, SPRING_AUTHORIZE));
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('sends a bad request back to the registered redirect_uri with the state', async () => {
    const res = await request(runtime.app).get(authorizePath({ ...PORTAL, response_type: 'token' }, SPRING_AUTHORIZE));
    expect(res.status).toBe(302);
    expect(queryOf(res.headers.location)).toMatchObject({ error: 'unsupported_response_type', state: 'xyz' });
  });
});
