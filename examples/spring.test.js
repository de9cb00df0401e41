// Spring Security OAuth2 2.3 (`@EnableAuthorizationServer` under `/authorization-server`): a legacy
// client's contract test against the gateway. To copy it: put your client's id and secret in
// `basic`, your user in `login()` (or start the gateway with your own `config`), and replace the
// fetch calls with your RestTemplate / RemoteTokenServices calls.
const { startGateway } = require('oauth-dialects');

const SERVER = '/authorization-server';
const basic = 'Basic ' + Buffer.from('你的客户端id:你的客户端密码').toString('base64');
const form = (fields) => ({ method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

describe('Spring: /oauth/token and /oauth/check_token', () => {
  let gateway;
  beforeAll(async () => {
    gateway = await startGateway({ now: new Date('2030-01-01T00:00:00Z') });
  });
  beforeEach(() => gateway.reset());
  afterAll(() => gateway.stop());

  const login = () => fetch(`${gateway.url}${SERVER}/oauth/token`, form({ grant_type: 'password', username: 'admin', password: 'admin' }));
  const checkToken = (token) => fetch(`${gateway.url}${SERVER}/oauth/check_token`, form({ token }));

  it('issues a JWT with HTTP Basic and check_token describes it', async () => {
    const token = await (await login()).json();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 7199, scope: 'read write' });

    const checked = await checkToken(token.access_token);
    expect(checked.status).toBe(200);
    expect(await checked.json()).toMatchObject({ active: true, user_name: 'admin', client_id: '你的客户端id', authorities: ['ROLE_ADMIN'] });
  });

  it('says "Token has expired" once the clock passes expires_in', async () => {
    const { access_token, expires_in } = await (await login()).json();
    gateway.clock.advance(expires_in + 1);
    const checked = await checkToken(access_token);
    expect(checked.status).toBe(400);
    expect(await checked.json()).toEqual({ error: 'invalid_token', error_description: 'Token has expired' });
  });

  it('fails on purpose as Spring refuses a wrong password', async () => {
    gateway.faults.next({ dialect: 'spring', route: '/oauth/token' }, { failure: 'bad_credentials' });
    const refused = await login();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
  });

  it('records what the client sent, credentials redacted', async () => {
    await login();
    expect(gateway.requests()).toEqual([
      { dialect: 'spring', route: `${SERVER}/oauth/token`, method: 'POST', status: 200, params: { grant_type: 'password', username: 'admin', password: '[redacted]' } },
    ]);
  });
});
