import request from 'supertest';
import { demoConfig } from '../../../src/config/demo';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { decodeJwt, expectCiamTokens } from './ciam-helpers';

/** The CIAM documents' requests, pasted as they are, against the built-in demo configuration. */
describe('CIAM examples against the demo configuration', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    // A clock that stands still: `expires_in` is 299 whether or not a second turns between mint and answer.
    const now = Math.floor(Date.now() / 1000);
    runtime = await startRuntime({ config: { ...demoConfig('http://127.0.0.1:8080'), bcrypt: { cost: 4 } }, now: () => now });
  });
  afterAll(() => runtime.close());

  it('answers the seed\'s password request byte for byte as sent', async () => {
    const res = await request(runtime.app)
      .post('/oauth2/token')
      .set('Host', 'sample.portal.tencentciam.com')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('grant_type=password&client_id=TENANT_CLIENT_ID&client_secret=TENANT_CLIENT_SECRET&auth_source_id=MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID&username=MOCK_USERNAME&password=MOCK_PASSWORD&scope=openid');
    expect(res.status).toBe(200);
    expectCiamTokens(res.body, ['access_token', 'refresh_token', 'scope', 'id_token', 'token_type', 'expires_in']);
    expect(decodeJwt(res.body.access_token).payload).toMatchObject({ sub: 'MOCK_USER_ID', aud: 'TENANT_CLIENT_ID', scope: ['openid'], iss: 'http://127.0.0.1:8080' });

    const me = await request(runtime.app).get('/userinfo').set('Authorization', `Bearer ${res.body.access_token}`);
    expect(me.body).toEqual({ sub: 'MOCK_USER_ID', email: 'MOCK_USERNAME@example.com', name: 'MOCK_NAME', nickname: 'MOCK_NICKNAME', zoneinfo: 'Asia/Shanghai', locale: 'zh-CN' });
  });

  it('answers the client_credentials and logout examples', async () => {
    const cc = await request(runtime.app)
      .post('/oauth2/token')
      .type('form')
      .send('grant_type=client_credentials&client_id=TENANT_CLIENT_ID&client_secret=TENANT_CLIENT_SECRET&scope=identity_proofing');
    expect(cc.status).toBe(200);
    expect(Object.keys(cc.body)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    const out = await request(runtime.app).get('/logout?client_id=TENANT_CLIENT_ID&logout_redirect_uri=https%3A%2F%2Fexample.com%2Flogout');
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe('https://example.com/logout');
  });
});
