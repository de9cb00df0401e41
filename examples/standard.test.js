// The standard dialect (plain OAuth 2.0, RFC 6749 and RFC 7662, under `/std`): a client's
// contract test against the gateway. To copy it: put your client's id and secret in `basic` and
// your user in `login()` (or start the gateway with your own `config`), and replace the fetch
// calls with your client's own calls.
const { startGateway } = require('oauth-dialects');

const basic = 'Basic ' + Buffer.from('web-app:s3cret').toString('base64');
const form = (fields) => ({ method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

describe('standard: /std/token and /std/introspect', () => {
  let gateway;
  beforeAll(async () => {
    gateway = await startGateway({ now: new Date('2030-01-01T00:00:00Z') });
  });
  beforeEach(() => gateway.reset());
  afterAll(() => gateway.stop());

  const login = () => fetch(`${gateway.url}/std/token`, form({ grant_type: 'password', username: 'alice', password: 'wonderland', scope: 'read' }));
  const introspect = (token) => fetch(`${gateway.url}/std/introspect`, form({ token }));

  it('issues a bearer token and introspection says it is active', async () => {
    const token = await (await login()).json();
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read' });

    const facts = await (await introspect(token.access_token)).json();
    expect(facts).toMatchObject({ active: true, client_id: 'web-app', username: 'alice', scope: 'read', exp: Date.parse('2030-01-01T01:00:00Z') / 1000 });
  });

  it('says active: false once the clock passes expires_in', async () => {
    const { access_token, expires_in } = await (await login()).json();
    gateway.clock.advance(expires_in);
    expect(await (await introspect(access_token)).json()).toEqual({ active: false });
  });

  it('fails on purpose with an RFC 6749 invalid_grant', async () => {
    gateway.faults.next({ dialect: 'standard', route: '/token' }, { failure: 'invalid_grant' });
    const refused = await login();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('records what the client sent, credentials redacted', async () => {
    const { access_token } = await (await login()).json();
    await introspect(access_token);
    expect(gateway.requests()).toEqual([
      { dialect: 'standard', route: '/std/token', method: 'POST', status: 200, params: { grant_type: 'password', username: 'alice', password: '[redacted]', scope: 'read' } },
      { dialect: 'standard', route: '/std/introspect', method: 'POST', status: 200, params: { token: '[redacted]' } },
    ]);
  });
});
