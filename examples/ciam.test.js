// Tencent Cloud CIAM (OpenID Connect, password grant with an auth source): a legacy client's
// contract test against the gateway. To copy it: put your application's id and secret, auth
// source and user in `login()` (or start the gateway with your own `config` and its
// `dialects.ciam.auth_sources`), and replace the fetch calls with your client's own calls.
const { startGateway } = require('oauth-dialects');

const APP = { client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET' };

describe('CIAM: /oauth2/token and /userinfo', () => {
  let gateway;
  beforeAll(async () => {
    gateway = await startGateway({ now: new Date('2030-01-01T00:00:00Z') });
  });
  beforeEach(() => gateway.reset());
  afterAll(() => gateway.stop());

  const login = () =>
    fetch(`${gateway.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password', ...APP, auth_source_id: 'MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID',
        username: 'MOCK_USERNAME', password: 'MOCK_PASSWORD', scope: 'openid',
      }),
    });
  const userinfo = (token) => fetch(`${gateway.url}/userinfo`, { headers: { authorization: `Bearer ${token}` } });

  it('issues JWTs for the auth source and /userinfo shows the user', async () => {
    const token = await (await login()).json();
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 299, scope: 'openid' });
    expect(token.id_token.split('.')).toHaveLength(3);

    const user = await userinfo(token.access_token);
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({ sub: 'MOCK_USER_ID', email: 'MOCK_USERNAME@example.com', name: 'MOCK_NAME' });
  });

  it('answers invalid_token in WWW-Authenticate once the clock passes expires_in', async () => {
    const { access_token, expires_in } = await (await login()).json();
    gateway.clock.advance(expires_in + 1);
    const expired = await userinfo(access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token", error_description="Error decoding JWT"');
    expect(await expired.text()).toBe('');
  });

  it('fails on purpose as CIAM refuses a wrong password', async () => {
    gateway.faults.next({ dialect: 'ciam', route: '/oauth2/token' }, { failure: 'wrong_credentials' });
    const refused = await login();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'Wrong username or password' });
  });

  it('records what the client sent, credentials redacted', async () => {
    await login();
    const [sent] = gateway.requests();
    expect(sent).toMatchObject({ dialect: 'ciam', route: '/oauth2/token', method: 'POST', status: 200 });
    expect(sent.params).toMatchObject({ auth_source_id: 'MOCK_USERNAME_PASSWORD_AUTH_SOURCE_ID', username: 'MOCK_USERNAME', password: '[redacted]', client_secret: '[redacted]' });
  });
});
