// MaxKey (OAuth 2.0 under its `/sign` context path): a legacy client's contract test against the
// gateway. MaxKey answers HTTP 200 to nearly everything, so a client reads the body, never the
// status; so does this test. To copy it: put your app id, secret and user in `login()` (or start the
// gateway with your own `config`), and replace the fetch calls with your client's own calls.
const { startGateway } = require('oauth-dialects');

const APP = { client_id: '856237911190798336', client_secret: 'maxkey-demo-secret' };

describe('MaxKey: the token endpoint and /api/oauth/v20/me', () => {
  let gateway;
  beforeAll(async () => {
    gateway = await startGateway({ now: new Date('2030-01-01T00:00:00Z') });
  });
  beforeEach(() => gateway.reset());
  afterAll(() => gateway.stop());

  const login = () =>
    fetch(`${gateway.url}/sign/authz/oauth/v20/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', ...APP, username: 'zhangsan', password: 'maxkey', scope: 'read' }),
    });
  const me = (token) => fetch(`${gateway.url}/sign/api/oauth/v20/me?access_token=${token}`);

  it('issues a UUID token and /me shows its user', async () => {
    const token = await (await login()).json();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 299 });
    expect(token.access_token).toMatch(/^[0-9a-f-]{36}$/);

    const user = await (await me(token.access_token)).json();
    expect(user).toMatchObject({ username: 'zhangsan', userId: '1782301842817249280', displayName: '张三', email: 'z@x.com' });
  });

  it('answers "Access token expired" (HTTP 200) once the clock passes expires_in', async () => {
    const { access_token, expires_in } = await (await login()).json();
    gateway.clock.advance(expires_in + 1);
    const expired = await me(access_token);
    expect(expired.status).toBe(200);
    expect(await expired.json()).toEqual({ error_description: `Access token expired: ${access_token}`, error: 'invalid_token' });
  });

  it('fails on purpose with the empty 200 MaxKey sends for bad client credentials', async () => {
    gateway.faults.next({ dialect: 'maxkey', route: '/authz/oauth/v20/token' }, { failure: 'empty_reply' });
    const refused = await login();
    expect(refused.status).toBe(200);
    expect(await refused.text()).toBe('');
  });

  it('records what the client sent, credentials redacted', async () => {
    const { access_token } = await (await login()).json();
    await me(access_token);
    expect(gateway.requests().map(({ route, status }) => `${route} ${status}`)).toEqual(['/sign/authz/oauth/v20/token 200', '/sign/api/oauth/v20/me 200']);
    expect(gateway.requests()[0].params).toMatchObject({ client_id: APP.client_id, client_secret: '[redacted]', username: 'zhangsan', password: '[redacted]' });
  });
});
