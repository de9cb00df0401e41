import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveCli, type ServingCli } from '../helpers/cli';
import { basic, form, ownGateway, serveConfig } from '../helpers/legacy-provider';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';

/**
 * Refresh adoption: a built gateway process plays the legacy CAS, Spring and iform provider (its
 * own memory store); a second one, naming it as each dialect's upstream, redeems the legacy's
 * refresh tokens there and answers with tokens of its own; a third relays the legacy's answer.
 */
const TIMEOUT_MS = 500;
const METRICS_TOKEN = 'metrics-reader-token-0123456789';
const json = (body: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// The same client on both sides, as `oauth-dialects import` brings it over.
const legacyApp = {
  client_id: 'legacy-app',
  client_secret: 'legacy-secret',
  grant_types: ['password', 'client_credentials', 'refresh_token'],
  scopes: ['read', 'write', 'openid'],
  settings: { cas: { generate_refresh_token: true } },
};

function gatewayConfig(name: string, legacyUrl: string, refresh: 'adopt' | 'relay', store: unknown): Record<string, unknown> {
  const upstream = { base_url: legacyUrl, timeout_ms: TIMEOUT_MS, refresh };
  return ownGateway(name, {
    store,
    metrics: { enabled: true, bearer_token: METRICS_TOKEN },
    clients: [legacyApp],
    // carol was imported; dan lives only at the legacy provider.
    users: [
      { username: 'carol', password: 'imported-hash-stand-in', uid: 'n-7' },
      { username: 'erin', password: 'imported-hash-stand-in', uid: 'n-8' },
      { username: 'frank', password: 'imported-hash-stand-in', uid: 'n-9' },
    ],
    dialects: {
      cas: { enabled: true, upstream },
      spring: { enabled: true, check_token_access: 'isAuthenticated', upstream: { ...upstream, client_id: 'legacy-app', client_secret: 'legacy-secret' } },
      iform: { enabled: true, upstream: { ...upstream, base_url: `${legacyUrl}/iform` } },
      maxkey: { enabled: true, upstream: { ...upstream, base_url: `${legacyUrl}/sign`, client_id: 'legacy-app', client_secret: 'legacy-secret' } },
      ciam: { enabled: true, auth_sources: [{ id: 'pw', clients: ['legacy-app'] }], upstream },
    },
  });
}

/** The new gateways' store: memory, or Redis under a key prefix of the run's own. */
/** `shared`: the store is one two processes can share, and a twin of the new gateway runs on it too. */
function adoptionSuite(storeOf: (name: string) => unknown, cleanUp: () => Promise<void> = async () => undefined, shared = false): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'refresh-adoption-'));
  let legacy: ServingCli;
  let gateway: ServingCli;
  let relay: ServingCli;
  let twin: ServingCli | undefined;

  beforeAll(async () => {
    legacy = await serveConfig(dir, 'legacy', ownGateway('legacy', {
      test_mode: true,
      clients: [legacyApp],
      users: [
        { username: 'carol', password: 'old-password', uid: 'l-1', attributes: { preferred_username: 'carol' } },
        { username: 'dan', password: 'dan-password', uid: 'l-2' },
        { username: 'erin', password: 'erin-password', uid: 'l-3' },
        { username: 'frank', password: 'frank-password', uid: 'l-4' },
      ],
      dialects: {
        cas: { enabled: true },
        // Signed JWTs, as a JwtTokenStore hands out: the gateway cannot name them by their claims.
        spring: { enabled: true, check_token_access: 'isAuthenticated', token_format: 'jwt', jwt: { alg: 'HS256', signing_key: 'legacy-jwt-signing-key-0123456789abcdef' } },
        iform: { enabled: true },
        maxkey: { enabled: true },
        // Its user pool hands out the username claim, which names the user here.
        ciam: { enabled: true, auth_sources: [{ id: 'pw', clients: ['legacy-app'] }], userinfo_claims: ['preferred_username'] },
      },
    }));
    [gateway, relay] = await Promise.all([
      serveConfig(dir, 'new', gatewayConfig('new', legacy.url, 'adopt', storeOf('new'))),
      serveConfig(dir, 'relay', gatewayConfig('relay', legacy.url, 'relay', storeOf('relay'))),
    ]);
    if (shared) twin = await serveCli(['--port', '0', '--config', path.join(dir, 'new.json')]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), relay?.stop(), twin?.stop(), legacy?.child.exitCode === null ? legacy.stop() : undefined]);
    rmSync(dir, { recursive: true, force: true });
    await cleanUp();
  });

  const legacyRequests = async () => ((await (await fetch(`${legacy.url}/_test/requests`)).json()) as { requests: unknown[] }).requests.length;

  const spring = {
    // Legacy Spring hands back the live token of the same client, user and scope: each test asks for its own scope.
    password: async (base: string, username: string, password: string, scope = 'read write') =>
      (await fetch(`${base}/oauth/token`, form({ grant_type: 'password', username, password, scope }, basic('legacy-app', 'legacy-secret')))).json() as Promise<Record<string, string>>,
    refresh: async (base: string, refreshToken: string) => {
      const answer = await fetch(`${base}/oauth/token`, form({ grant_type: 'refresh_token', refresh_token: refreshToken }, basic('legacy-app', 'legacy-secret')));
      return { status: answer.status, body: (await answer.json()) as Record<string, string> };
    },
    checkToken: async (base: string, token: string) => {
      const answer = await fetch(`${base}/oauth/check_token`, form({ token }, basic('legacy-app', 'legacy-secret')));
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    },
  };
  const cas = {
    password: async (base: string, username: string, password: string) => {
      const query = new URLSearchParams({ grant_type: 'password', client_id: 'legacy-app', client_secret: 'legacy-secret', username, password });
      return (await (await fetch(`${base}/oauth2.0/accessToken?${query}`, { method: 'POST' })).json()) as Record<string, string>;
    },
    refresh: async (base: string, refreshToken: string) => {
      const answer = await fetch(`${base}/oauth2.0/accessToken`, form({ grant_type: 'refresh_token', client_id: 'legacy-app', client_secret: 'legacy-secret', refresh_token: refreshToken }));
      return { status: answer.status, text: await answer.text() };
    },
    profile: async (base: string, token: string) => {
      const answer = await fetch(`${base}/oauth2.0/profile?access_token=${encodeURIComponent(token)}`);
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    },
  };
  const iform = {
    password: async (base: string, username: string, password: string) => {
      const answer = await fetch(`${base}/iform/oauth2/v3/authentication/apply`, json({ grant_type: 'password_credentials', client_id: 'legacy-app', client_secret: 'legacy-secret', username, password }));
      return ((await answer.json()) as { data: Record<string, string> }).data;
    },
    refresh: async (base: string, refreshToken: string) => {
      const answer = await fetch(`${base}/iform/oauth2/v3/authentication/apply`, json({ grant_type: 'refresh_token', refresh_token: refreshToken }));
      return (await answer.json()) as { state: number; data: Record<string, string> };
    },
    verify: async (base: string, token: string) => {
      const answer = await fetch(`${base}/iform/oauth2/v3/authentication/verify?access_token=${encodeURIComponent(token)}`, { method: 'POST' });
      return (await answer.json()) as { state: number; data: unknown };
    },
  };
  const maxkey = {
    password: async (base: string, username: string, password: string) => {
      const answer = await fetch(`${base}/sign/authz/oauth/v20/token`, form({ grant_type: 'password', client_id: 'legacy-app', client_secret: 'legacy-secret', username, password, scope: 'openid read' }));
      return (await answer.json()) as Record<string, string>;
    },
    refresh: async (base: string, refreshToken: string) => {
      const answer = await fetch(`${base}/sign/authz/oauth/v20/token`, form({ grant_type: 'refresh_token', client_id: 'legacy-app', client_secret: 'legacy-secret', refresh_token: refreshToken }));
      return { status: answer.status, body: (await answer.json()) as Record<string, string> };
    },
    me: async (base: string, token: string) => {
      const answer = await fetch(`${base}/sign/api/oauth/v20/me`, { headers: { authorization: `Bearer ${token}` } });
      return (await answer.json()) as Record<string, unknown>;
    },
  };
  const ciam = {
    password: async (base: string, username: string, password: string) => {
      const answer = await fetch(`${base}/oauth2/token`, form({ grant_type: 'password', username, password, auth_source_id: 'pw', scope: 'openid read' }, basic('legacy-app', 'legacy-secret')));
      return (await answer.json()) as Record<string, string>;
    },
    refresh: async (base: string, refreshToken: string) => {
      const answer = await fetch(`${base}/oauth2/token`, form({ grant_type: 'refresh_token', refresh_token: refreshToken }, basic('legacy-app', 'legacy-secret')));
      return { status: answer.status, body: (await answer.json()) as Record<string, string> };
    },
    userinfo: (base: string, token: string) => fetch(`${base}/userinfo`, { headers: { authorization: `Bearer ${token}` } }),
  };
  const metrics = async (base: string) => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();

  it('adopts a legacy Spring refresh token: the new tokens are the gateway\'s own and need no legacy provider', async () => {
    const legacyTokens = await spring.password(legacy.url, 'carol', 'old-password');
    expect(legacyTokens.refresh_token.split('.')).toHaveLength(3);

    const adopted = await spring.refresh(gateway.url, legacyTokens.refresh_token);
    expect(adopted.status).toBe(200);
    expect(Object.keys(adopted.body)).toEqual(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope']);
    expect(adopted.body.access_token).not.toBe(legacyTokens.access_token);
    expect(adopted.body.refresh_token).not.toBe(legacyTokens.refresh_token);
    // The legacy provider never saw these tokens: they are the gateway's.
    expect(await spring.checkToken(legacy.url, adopted.body.access_token)).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
    const before = await legacyRequests();
    expect(await spring.checkToken(gateway.url, adopted.body.access_token)).toMatchObject({ status: 200, body: { user_name: 'carol', client_id: 'legacy-app', active: true } });
    const next = await spring.refresh(gateway.url, adopted.body.refresh_token);
    expect(next.status).toBe(200);
    expect(await legacyRequests()).toBe(before);
    expect(await metrics(gateway.url)).toMatch(/oauthd_refresh_adoptions_total\{dialect="spring",outcome="adopted",reason="none"\} 1/);
  });

  it('adopts a legacy CAS refresh token, answered in CAS\'s shape, valid at the gateway\'s profile', async () => {
    const legacyTokens = await cas.password(legacy.url, 'carol', 'old-password');
    expect(legacyTokens.refresh_token).toEqual(expect.any(String));
    const adopted = await cas.refresh(gateway.url, legacyTokens.refresh_token);
    expect(adopted.status).toBe(200);
    const { access_token: accessToken } = JSON.parse(adopted.text) as { access_token: string };
    expect(accessToken).toMatch(/^AT-/);
    expect((await cas.profile(legacy.url, accessToken)).status).toBe(401);
    expect(await cas.profile(gateway.url, accessToken)).toMatchObject({ status: 200, body: { id: 'carol', client_id: 'legacy-app' } });
  });

  it('adopts a legacy iform refresh token, answered in the iform envelope', async () => {
    const legacyTokens = await iform.password(legacy.url, 'carol', 'old-password');
    const adopted = await iform.refresh(gateway.url, legacyTokens.refresh_token);
    expect(adopted.state).toBe(200);
    expect(adopted.data.access_token).not.toBe(legacyTokens.access_token);
    expect((await iform.verify(legacy.url, adopted.data.access_token)).state).not.toBe(200);
    expect(await iform.verify(gateway.url, adopted.data.access_token)).toMatchObject({ state: 200, data: 'carol' });
  });

  it('adopts a legacy MaxKey refresh token: the new UUIDs are the gateway\'s own', async () => {
    const legacyTokens = await maxkey.password(legacy.url, 'carol', 'old-password');
    expect(legacyTokens.refresh_token).toEqual(expect.any(String));
    const adopted = await maxkey.refresh(gateway.url, legacyTokens.refresh_token);
    expect(adopted.status).toBe(200);
    expect(adopted.body.access_token).not.toBe(legacyTokens.access_token);
    expect(await maxkey.me(legacy.url, adopted.body.access_token)).not.toHaveProperty('username');
    expect(await maxkey.me(gateway.url, adopted.body.access_token)).toMatchObject({ username: 'carol' });
  });

  it('adopts a legacy CIAM refresh token: the new JWT is signed by the gateway, unknown to the legacy tenant', async () => {
    const legacyTokens = await ciam.password(legacy.url, 'carol', 'old-password');
    expect(legacyTokens.refresh_token).toEqual(expect.any(String));
    const adopted = await ciam.refresh(gateway.url, legacyTokens.refresh_token);
    expect(adopted.status).toBe(200);
    const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string }).kid;
    const gatewayKids = ((await (await fetch(`${gateway.url}/oauth2/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid);
    expect(gatewayKids).toContain(kidOf(adopted.body.access_token));
    expect(gatewayKids).not.toContain(kidOf(legacyTokens.access_token));
    expect((await ciam.userinfo(legacy.url, adopted.body.access_token)).status).toBe(401);
    const info = await ciam.userinfo(gateway.url, adopted.body.access_token);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ sub: 'n-7' });
  });

  it('treats an adopted CAS ticket as spent too', async () => {
    const legacyTokens = await cas.password(legacy.url, 'carol', 'old-password');
    const adopted = JSON.parse((await cas.refresh(gateway.url, legacyTokens.refresh_token)).text) as { access_token: string };
    expect(await cas.refresh(gateway.url, legacyTokens.refresh_token)).toEqual({ status: 400, text: 'error=invalid_request' });
    expect((await cas.profile(gateway.url, adopted.access_token)).status).toBe(401);
  });

  it('treats the adopted legacy token as spent: presenting it again kills the adopted family', async () => {
    const legacyTokens = await spring.password(legacy.url, 'carol', 'old-password', 'read');
    const adopted = await spring.refresh(gateway.url, legacyTokens.refresh_token);
    expect(adopted.status).toBe(200);
    const replayed = await spring.refresh(gateway.url, legacyTokens.refresh_token);
    expect(replayed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await spring.checkToken(gateway.url, adopted.body.access_token)).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
    expect((await spring.refresh(gateway.url, adopted.body.refresh_token)).status).toBe(400);
    // Again, later: the grant it names stays revoked, so it is never adopted a second time.
    expect((await spring.refresh(gateway.url, legacyTokens.refresh_token)).status).toBe(400);
  });

  if (shared) {
    it('adopts a legacy token once, presented to two gateways on one store at the same moment', async () => {
      // Legacy Spring does not rotate refresh tokens: it would redeem this one for both.
      const legacyTokens = await spring.password(legacy.url, 'frank', 'frank-password');
      const adoptions = async () => {
        let total = 0;
        for (const base of [gateway.url, twin!.url]) total += Number(/oauthd_refresh_adoptions_total\{dialect="spring",outcome="adopted",reason="none"\} (\d+)/.exec(await metrics(base))?.[1] ?? 0);
        return total;
      };
      const before = await adoptions();
      const answers = await Promise.all([spring.refresh(gateway.url, legacyTokens.refresh_token), spring.refresh(twin!.url, legacyTokens.refresh_token)]);
      // One wins; the other is a duplicate, refused (and, as any reuse, it may take the winner's family down).
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
      expect(answers.find((answer) => answer.status === 400)!.body).toMatchObject({ error: 'invalid_grant' });
      expect(await adoptions()).toBe(before + 1);
      // Later presentations on either gateway are reuse, never another adoption.
      for (const base of [gateway.url, twin!.url]) expect((await spring.refresh(base, legacyTokens.refresh_token)).status).toBe(400);
      expect(await adoptions()).toBe(before + 1);
    });
  }

  it('keeps the upstream grant\'s scope: a refresh may narrow it, never widen it', async () => {
    const narrow = await spring.password(legacy.url, 'erin', 'erin-password', 'read');
    const widened = await fetch(`${gateway.url}/oauth/token`, form({ grant_type: 'refresh_token', refresh_token: narrow.refresh_token, scope: 'read write' }, basic('legacy-app', 'legacy-secret')));
    expect(widened.status).toBe(400);
    expect(await widened.json()).toMatchObject({ error: 'invalid_scope' });

    const wide = await spring.password(legacy.url, 'erin', 'erin-password', 'read write');
    const narrowed = await fetch(`${gateway.url}/oauth/token`, form({ grant_type: 'refresh_token', refresh_token: wide.refresh_token, scope: 'write' }, basic('legacy-app', 'legacy-secret')));
    expect(narrowed.status).toBe(200);
    const body = (await narrowed.json()) as Record<string, string>;
    expect(body.scope).toBe('write');
    expect(await spring.checkToken(gateway.url, body.access_token)).toMatchObject({ status: 200, body: { user_name: 'erin', scope: ['write'] } });
  });

  it('refuses to adopt for a user who was not imported, and a token nobody knows', async () => {
    const legacyTokens = await spring.password(legacy.url, 'dan', 'dan-password');
    expect(await spring.refresh(gateway.url, legacyTokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await spring.refresh(gateway.url, 'not-a-refresh-token-anywhere')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const text = await metrics(gateway.url);
    expect(text).toMatch(/oauthd_refresh_adoptions_total\{dialect="spring",outcome="refused",reason="unknown_user"\} 1/);
    expect(text).toMatch(/oauthd_refresh_adoptions_total\{dialect="spring",outcome="refused",reason="unknown_upstream"\} [1-9]/);
    expect(gateway.output()).toContain('names a user who is not here');
    expect(gateway.output()).not.toContain(legacyTokens.refresh_token);
  });

  it('relays the upstream\'s answer unchanged under refresh: relay', async () => {
    const legacyTokens = await spring.password(legacy.url, 'carol', 'old-password', 'read write');
    const relayed = await spring.refresh(relay.url, legacyTokens.refresh_token);
    expect(relayed.status).toBe(200);
    // The legacy's own new token: the legacy knows it.
    expect(await spring.checkToken(legacy.url, relayed.body.access_token)).toMatchObject({ status: 200, body: { user_name: 'carol' } });
    // The legacy's refusal too, whatever its shape (a JwtTokenStore's 401 here), not the gateway's own.
    const refused = await spring.refresh(relay.url, 'not-a-refresh-token-anywhere');
    expect(refused).toEqual(await spring.refresh(legacy.url, 'not-a-refresh-token-anywhere'));
    expect(refused).not.toEqual(await spring.refresh(gateway.url, 'not-a-refresh-token-anywhere'));
    expect(await metrics(relay.url)).toMatch(/oauthd_refresh_adoptions_total\{dialect="spring",outcome="relayed",reason="none"\} [1-9]/);
  });

  it('tells the client to retry (each dialect\'s 503) within timeout_ms while the legacy provider is gone; adopted tokens live on', async () => {
    const legacyTokens = await spring.password(legacy.url, 'carol', 'old-password', 'write');
    const adopted = await spring.refresh(gateway.url, legacyTokens.refresh_token);
    const stranded = await cas.password(legacy.url, 'carol', 'old-password');
    const strandedSpring = await spring.password(legacy.url, 'erin', 'erin-password', 'write');
    await legacy.stop('SIGKILL');

    // No answer is no verdict: not invalid_grant, which would make the client drop a token that may be good.
    const started = performance.now();
    const casAnswer = await fetch(`${gateway.url}/oauth2.0/accessToken`, form({ grant_type: 'refresh_token', client_id: 'legacy-app', client_secret: 'legacy-secret', refresh_token: stranded.refresh_token }));
    expect(casAnswer.status).toBe(503);
    expect(casAnswer.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await spring.refresh(gateway.url, strandedSpring.refresh_token)).toMatchObject({ status: 503 });
    expect(performance.now() - started).toBeLessThan(2 * TIMEOUT_MS + 1000);
    expect(await metrics(gateway.url)).toMatch(/oauthd_refresh_adoptions_total\{dialect="spring",outcome="refused",reason="upstream_unavailable"\} 1/);

    expect(await spring.checkToken(gateway.url, adopted.body.access_token)).toMatchObject({ status: 200, body: { user_name: 'carol' } });
    expect((await spring.refresh(gateway.url, adopted.body.refresh_token)).status).toBe(200);
  });
}

describe('refresh adoption at a legacy upstream (separate processes, memory stores)', () => adoptionSuite(() => 'memory'));

const prefix = uniquePrefix('refresh-adoption');
describeWithRedis('refresh adoption at a legacy upstream (the new gateways on Redis)', () =>
  adoptionSuite(
    (name) => ({ url: REDIS_URL, key_prefix: `${prefix}${name}:` }),
    () => dropPrefix(prefix),
    true,
  ),
);
