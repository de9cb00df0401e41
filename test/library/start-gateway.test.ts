import { startGateway, type Gateway } from '../../src';

const START = Date.UTC(2030, 0, 1);
const CAS_TOKEN = '/oauth2.0/accessToken?grant_type=password&client_id=xxx&client_secret=xxx=&username=xxx&password=xxx';
const CIAM_CLIENT = 'grant_type=client_credentials&client_id=TENANT_CLIENT_ID&client_secret=TENANT_CLIENT_SECRET&scope=identity_proofing';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, number>;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('startGateway with the demo configuration, over a real socket', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ now: START });
  });
  afterAll(() => gw.stop());
  beforeEach(async () => {
    await gw.reset();
    gw.clock.set(START);
  });

  const casToken = async () => {
    const res = await fetch(`${gw.url}${CAS_TOKEN}`, { method: 'POST' });
    expect(res.status).toBe(200);
    return (await res.json()) as { access_token: string; expires_in: number };
  };
  const casProfile = (token: string) => fetch(`${gw.url}/oauth2.0/profile?access_token=${token}`);
  const ciamToken = async () => {
    const res = await fetch(`${gw.url}/oauth2/token`, { method: 'POST', headers: FORM, body: CIAM_CLIENT });
    expect(res.status).toBe(200);
    return (await res.json()) as { access_token: string; expires_in: number };
  };

  it('listens on a free port of 127.0.0.1 and names it', () => {
    expect(gw.url).toBe(`http://127.0.0.1:${gw.port}`);
    expect(gw.port).toBeGreaterThan(0);
    expect(gw.runtime.config.issuer).toBe(gw.url);
  });

  it('expires a CAS token once the clock has moved past its lifetime', async () => {
    const { access_token: token, expires_in: lifetime } = await casToken();
    expect((await casProfile(token)).status).toBe(200);
    gw.clock.advance(lifetime - 1);
    expect((await casProfile(token)).status).toBe(200);
    gw.clock.advance(1);
    const expired = await casProfile(token);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe('{\n  "error" : [ "expired_accessToken" ]\n}');
  });

  it('dates JWTs by the clock, forwards and backwards', async () => {
    const first = payloadOf((await ciamToken()).access_token);
    expect(first.iat).toBe(START / 1000);
    const lifetime = first.exp - first.iat;
    expect(lifetime).toBeGreaterThan(0);

    const back = Date.UTC(2021, 5, 1);
    gw.clock.set(new Date(back));
    const earlier = payloadOf((await ciamToken()).access_token);
    expect(earlier).toMatchObject({ iat: back / 1000, nbf: back / 1000, exp: back / 1000 + lifetime });

    gw.clock.set(START + 86_400_000);
    expect(payloadOf((await ciamToken()).access_token).iat).toBe(START / 1000 + 86_400);
  });

  it('shows the clock in a Spring Boot error page timestamp', async () => {
    gw.clock.advance(1.5);
    const res = await fetch(`${gw.url}/oauth2.0/accessToken?grant_type=password&client_id=xxx&client_secret=wrong&username=xxx&password=xxx`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { timestamp: number }).timestamp).toBe(START + 1500);
  });

  it('lists the requests it answered, with every credential redacted', async () => {
    const { access_token: casAccess } = await casToken();
    await casProfile(casAccess);
    const std = await fetch(`${gw.url}/std/token`, { method: 'POST', headers: { ...FORM, Authorization: basic('web-app', 's3cret') }, body: 'grant_type=password&username=alice&password=wonderland&scope=read' });
    const { access_token: stdAccess, refresh_token: stdRefresh } = (await std.json()) as { access_token: string; refresh_token: string };
    await fetch(`${gw.url}/std/introspect`, { method: 'POST', headers: { ...FORM, Authorization: basic('web-app', 's3cret') }, body: `token=${stdAccess}&token_type_hint=access_token` });
    await fetch(`${gw.url}/no/such/route`);

    const log = gw.requests();
    expect(log).toEqual([
      { dialect: 'cas', route: '/oauth2.0/accessToken', method: 'POST', params: { grant_type: 'password', client_id: 'xxx', client_secret: '[redacted]', username: 'xxx', password: '[redacted]' }, status: 200 },
      { dialect: 'cas', route: '/oauth2.0/profile', method: 'GET', params: { access_token: '[redacted]' }, status: 200 },
      { dialect: 'standard', route: '/std/token', method: 'POST', params: { grant_type: 'password', username: 'alice', password: '[redacted]', scope: 'read' }, status: 200 },
      { dialect: 'standard', route: '/std/introspect', method: 'POST', params: { token: '[redacted]', token_type_hint: 'access_token' }, status: 200 },
      { dialect: 'none', route: 'unmatched', method: 'GET', params: {}, status: 404 },
    ]);
    const text = JSON.stringify(log);
    for (const secret of ['xxx=', 'wonderland', 's3cret', casAccess, stdAccess, stdRefresh]) expect(text).not.toContain(secret);
  });

  it('forgets tokens, scripted faults and the log on reset()', async () => {
    const { access_token: token } = await casToken();
    gw.faults.next({ dialect: 'cas', route: '/oauth2.0/accessToken' }, { status: 500, body: { error: 'scripted' } });
    expect(gw.requests()).toHaveLength(1);

    await gw.reset();
    expect(gw.requests()).toEqual([]);
    const forgotten = await casProfile(token);
    expect(forgotten.status).toBe(401);
    expect(await forgotten.text()).toContain('expired_accessToken');
    expect(gw.requests()).toHaveLength(1);
    // The fault scripted before the reset is gone: the next token request is answered.
    await casToken();
  });
});

describe('startGateway with a configuration object', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({
      now: new Date(START),
      config: {
        clients: [{ client_id: 'app', client_secret: 'app-secret', grant_types: ['password'], scopes: ['read'] }],
        users: [{ username: 'carol', password: 'carol-pw' }],
        dialects: { spring: { enabled: true, token_format: 'opaque', access_token_validity: 600 } },
      },
    });
  });
  afterAll(() => gw.stop());

  const springToken = async () => {
    const res = await fetch(`${gw.url}/oauth/token`, { method: 'POST', headers: { ...FORM, Authorization: basic('app', 'app-secret') }, body: 'grant_type=password&username=carol&password=carol-pw' });
    expect(res.status).toBe(200);
    return (await res.json()) as { access_token: string; expires_in: number };
  };

  it('takes its own URL as the issuer and counts a reused token down by the clock', async () => {
    expect(gw.runtime.config.issuer).toBe(gw.url);
    const first = await springToken();
    expect(first.expires_in).toBe(599);
    gw.clock.advance(100);
    const reused = await springToken();
    expect(reused.access_token).toBe(first.access_token);
    expect(reused.expires_in).toBe(499);
    gw.clock.set(START + 600_000);
    expect((await springToken()).access_token).not.toBe(first.access_token);
  });
});
