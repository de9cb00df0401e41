// IBPS iform (OAuth2 v3 authentication API under `/iform`, JSON in, `APIResult` envelope out):
// a legacy client's contract test against the gateway. Business errors are HTTP 200 with the
// vendor `state`, so a client reads `state`, not the status. To copy it: put your client and
// user in `login()` (or start the gateway with your own `config`), and replace the fetch calls
// with your client's own calls.
const { startGateway } = require('oauth-dialects');

const API = '/iform/oauth2/v3/authentication';

describe('iform: authentication/apply and authentication/verify', () => {
  let gateway;
  beforeAll(async () => {
    gateway = await startGateway({ now: new Date('2030-01-01T00:00:00Z') });
  });
  beforeEach(() => gateway.reset());
  afterAll(() => gateway.stop());

  const login = () =>
    fetch(`${gateway.url}${API}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password_credentials', client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a',
        username: 'iform', password: '123456',
      }),
    });
  const verify = (token) => fetch(`${gateway.url}${API}/verify?access_token=${token}`, { method: 'POST' });

  it('issues a token bundle and verify names its user', async () => {
    const applied = await (await login()).json();
    expect(applied).toMatchObject({ state: 200, message: '', data: { uid: '626353848415420416', expires_in: 28800, remind_in: 259200 } });

    const verified = await (await verify(applied.data.access_token)).json();
    expect(verified).toMatchObject({ state: 200, data: 'iform', variables: { clientId: 'iform', 'grant.type': 'password_credentials' } });
  });

  it('answers state 6020301 (HTTP 200) once the clock passes expires_in', async () => {
    const { data } = await (await login()).json();
    gateway.clock.advance(data.expires_in);
    const expired = await verify(data.access_token);
    expect(expired.status).toBe(200);
    expect(await expired.json()).toMatchObject({ state: 6020301, message: 'token已过期', data: null });
  });

  it('fails on purpose with state 6020101, wrong username or password', async () => {
    gateway.faults.next({ dialect: 'iform', route: '/oauth2/v3/authentication/apply' }, { failure: '6020101' });
    const refused = await login();
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ state: 6020101, message: '用户名或密码错误', data: null });
  });

  it('records what the client sent, credentials redacted', async () => {
    await login();
    expect(gateway.requests()).toEqual([
      {
        dialect: 'iform', route: `${API}/apply`, method: 'POST', status: 200,
        params: { grant_type: 'password_credentials', client_id: 'iform', client_secret: '[redacted]', username: 'iform', password: '[redacted]' },
      },
    ]);
  });
});
