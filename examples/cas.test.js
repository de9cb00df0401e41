// CAS (Apereo CAS 5.x OAuth 2.0, `/oauth2.0/*`): a legacy client's contract test against the gateway.
// To copy it: point `login()` at the client id, secret and user your code sends (or start the
// gateway with your own `config`), and replace the fetch calls with your client's own calls.
const { startGateway } = require('oauth-dialects');

describe('CAS: the OAuth 2.0 token and profile endpoints', () => {
  let gateway;
  beforeAll(async () => {
    gateway = await startGateway({ now: new Date('2030-01-01T00:00:00Z') });
  });
  beforeEach(() => gateway.reset());
  afterAll(() => gateway.stop());

  // CAS's documented request: everything in the query string of a POST.
  const login = () => {
    const query = new URLSearchParams({ grant_type: 'password', client_id: 'xxx', client_secret: 'xxx=', username: 'xxx', password: 'xxx' });
    return fetch(`${gateway.url}/oauth2.0/accessToken?${query}`, { method: 'POST' });
  };
  const profile = (token) => fetch(`${gateway.url}/oauth2.0/profile?access_token=${token}`);

  it('issues a bearer token and shows its user at /oauth2.0/profile', async () => {
    const res = await login();
    const token = await res.json();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 28800 });
    expect(token.access_token).toMatch(/^AT-\d+-/);

    const me = await profile(token.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: 'xxx', client_id: 'xxx', attributes: { name: 'CAS example user' } });
  });

  it('answers expired_accessToken once the clock passes expires_in', async () => {
    const { access_token, expires_in } = await (await login()).json();
    gateway.clock.advance(expires_in);
    const me = await profile(access_token);
    expect(me.status).toBe(401);
    expect(await me.text()).toBe('{\n  "error" : [ "expired_accessToken" ]\n}');   // CAS 5's pretty-printed body
  });

  it('fails on purpose with the Spring Boot 401 page CAS sends for bad credentials', async () => {
    gateway.faults.next({ dialect: 'cas', route: '/oauth2.0/accessToken' }, { failure: 'unauthenticated' });
    const refused = await login();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ status: 401, error: 'Unauthorized', path: '/oauth2.0/accessToken' });
    expect((await login()).status).toBe(200);   // the fault was for one request only
  });

  it('records what the client sent, credentials redacted', async () => {
    const { access_token } = await (await login()).json();
    await profile(access_token);
    expect(gateway.requests()).toEqual([
      { dialect: 'cas', route: '/oauth2.0/accessToken', method: 'POST', status: 200, params: { grant_type: 'password', client_id: 'xxx', client_secret: '[redacted]', username: 'xxx', password: '[redacted]' } },
      { dialect: 'cas', route: '/oauth2.0/profile', method: 'GET', status: 200, params: { access_token: '[redacted]' } },
    ]);
  });
});
