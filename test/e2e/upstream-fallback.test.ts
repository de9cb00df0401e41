import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ServingCli } from '../helpers/cli';
import { basic, form, ownGateway, serveConfig } from '../helpers/legacy-provider';

/**
 * Cut-over with a legacy provider: one built gateway process plays the legacy CAS, Spring and
 * iform server (its own memory store); a second one, whose cas/spring/iform dialects name it as
 * their upstream, accepts the legacy's tokens at every token-consuming endpoint.
 */
const TIMEOUT_MS = 500;

const client = (id: string, secret: string) => ({ client_id: id, client_secret: secret, grant_types: ['password', 'client_credentials', 'refresh_token'], scopes: ['read', 'write'] });

function newGatewayConfig(legacyUrl: string): Record<string, unknown> {
  const upstream = { base_url: legacyUrl, timeout_ms: TIMEOUT_MS };
  return ownGateway('new', {
    clients: [client('new-app', 'new-secret')],
    // carol exists here too (other attributes, a role); dan only at the legacy provider.
    users: [{ username: 'carol', password: 'new-password', uid: 'n-7', attributes: { email: 'carol@new.example' }, roles: ['admin'] }],
    dialects: {
      standard: { enabled: true },
      cas: { enabled: true, upstream },
      spring: { enabled: true, check_token_access: 'isAuthenticated', upstream: { ...upstream, client_id: 'legacy-app', client_secret: 'legacy-secret' } },
      iform: { enabled: true, upstream: { ...upstream, base_url: `${legacyUrl}/iform` } },
    },
  });
}

describe('fallback verification at a legacy upstream (two gateway processes, separate stores)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upstream-fallback-'));
  let legacy: ServingCli;
  let gateway: ServingCli;
  let hanging: Server;
  const sockets: Socket[] = [];
  let stalled: ServingCli;

  beforeAll(async () => {
    legacy = await serveConfig(dir, 'legacy', ownGateway('legacy', {
      test_mode: true,
      clients: [client('legacy-app', 'legacy-secret')],
      users: [
        { username: 'carol', password: 'old-password', uid: 'l-1', attributes: { email: 'carol@legacy.example' } },
        { username: 'dan', password: 'dan-password', uid: 'l-2', attributes: { email: 'dan@legacy.example' } },
      ],
      dialects: { cas: { enabled: true }, spring: { enabled: true, check_token_access: 'isAuthenticated' }, iform: { enabled: true } },
    }));
    gateway = await serveConfig(dir, 'new', newGatewayConfig(legacy.url));
    // An upstream that accepts connections and never answers.
    hanging = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    stalled = await serveConfig(dir, 'stalled', newGatewayConfig(`http://127.0.0.1:${port}`));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), stalled?.stop(), legacy?.child.exitCode === null ? legacy.stop() : undefined]);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const legacyCas = async (username: string, password: string) => {
    const query = new URLSearchParams({ grant_type: 'password', client_id: 'legacy-app', client_secret: 'legacy-secret', username, password });
    const body = (await (await fetch(`${legacy.url}/oauth2.0/accessToken?${query}`, { method: 'POST' })).json()) as { access_token: string };
    return body.access_token;
  };
  const legacySpring = async (username: string, password: string) => {
    const answer = await fetch(`${legacy.url}/oauth/token`, form({ grant_type: 'password', username, password }, basic('legacy-app', 'legacy-secret')));
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  const legacyIform = async (username: string, password: string) => {
    const answer = await fetch(`${legacy.url}/iform/oauth2/v3/authentication/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password_credentials', client_id: 'legacy-app', client_secret: 'legacy-secret', username, password }),
    });
    return ((await answer.json()) as { data: { access_token: string } }).data.access_token;
  };
  const legacyRequests = async () => ((await (await fetch(`${legacy.url}/_test/requests`)).json()) as { requests: unknown[] }).requests.length;

  const casProfile = async (base: string, token: string) => {
    const answer = await fetch(`${base}/oauth2.0/profile?access_token=${encodeURIComponent(token)}`);
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };
  const checkToken = async (base: string, token: string) => {
    const answer = await fetch(`${base}/oauth/check_token`, form({ token }, basic('new-app', 'new-secret')));
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };
  const iformVerify = async (base: string, token: string) => {
    const answer = await fetch(`${base}/iform/oauth2/v3/authentication/verify?access_token=${encodeURIComponent(token)}`, { method: 'POST' });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };
  const introspect = async (base: string, token: string) => {
    const answer = await fetch(`${base}/std/introspect`, form({ token }, basic('new-app', 'new-secret')));
    return (await answer.json()) as Record<string, unknown>;
  };

  /** Every door of the new gateway names the legacy token's user in its own shape. */
  async function expectAcceptedEverywhere(token: string, username: string, email: string) {
    const profile = await casProfile(gateway.url, token);
    expect(profile).toMatchObject({ status: 200, body: { id: username, client_id: 'legacy-app', attributes: { email } } });
    const checked = await checkToken(gateway.url, token);
    expect(checked).toMatchObject({ status: 200, body: { active: true, user_name: username, client_id: 'legacy-app' } });
    const verified = await iformVerify(gateway.url, token);
    expect(verified).toMatchObject({ status: 200, body: { state: 200, data: username, variables: { clientId: 'legacy-app' } } });
    expect(await introspect(gateway.url, token)).toMatchObject({ active: true, username, client_id: 'legacy-app' });
  }

  it('accepts a legacy CAS, Spring and iform token at CAS profile, Spring check_token, iform verify and introspect', async () => {
    for (const mint of [legacyCas, legacySpring, legacyIform]) {
      // dan is unknown here: the legacy's attributes show; carol is mapped to the local carol.
      await expectAcceptedEverywhere(await mint('dan', 'dan-password'), 'dan', 'dan@legacy.example');
      const carol = await mint('carol', 'old-password');
      await expectAcceptedEverywhere(carol, 'carol', 'carol@new.example');
      expect((await checkToken(gateway.url, carol)).body.authorities).toEqual(['ROLE_ADMIN']);
    }
  });

  it('still refuses a token nobody knows, each door its own way', async () => {
    const garbage = 'AT-1-definitely-not-a-token';
    expect((await casProfile(gateway.url, garbage)).status).toBe(401);
    expect(await checkToken(gateway.url, garbage)).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
    const verified = await iformVerify(gateway.url, garbage);
    expect(verified.status).toBe(200);
    expect(verified.body.state).not.toBe(200);
    expect(await introspect(gateway.url, garbage)).toEqual({ active: false });
  });

  it('serves a second presentation from its cache, without asking the legacy provider', async () => {
    // A CAS ticket is new every time (legacy Spring would hand back its live token, cached already).
    const token = await legacyCas('dan', 'dan-password');
    const first = await legacyRequests();
    await expectAcceptedEverywhere(token, 'dan', 'dan@legacy.example');
    const before = await legacyRequests();
    expect(before).toBeGreaterThan(first);
    await expectAcceptedEverywhere(token, 'dan', 'dan@legacy.example');
    expect(await legacyRequests()).toBe(before);
  });

  it('answers "unknown token" quickly once the legacy process is gone, and keeps cached answers', async () => {
    const seen = await legacyCas('carol', 'old-password');
    const neverSeen = await legacyCas('dan', 'dan-password');
    await expectAcceptedEverywhere(seen, 'carol', 'carol@new.example');
    await legacy.stop('SIGKILL');

    const started = performance.now();
    expect((await casProfile(gateway.url, neverSeen)).status).toBe(401);
    expect(await checkToken(gateway.url, neverSeen)).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
    await expectAcceptedEverywhere(seen, 'carol', 'carol@new.example');
  });

  it('bounds a hanging upstream by timeout_ms and warns once per upstream, not per request', async () => {
    for (const token of ['AT-1-first-unknown', 'AT-2-second-unknown']) {
      const started = performance.now();
      const profile = await casProfile(stalled.url, token);
      const elapsed = performance.now() - started;
      expect(profile.status).toBe(401);
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
    }
    const started = performance.now();
    expect(await checkToken(stalled.url, 'AT-3-third-unknown')).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
    for (const dialect of ['cas', 'spring', 'iform']) {
      const warnings = stalled.output().split('\n').filter((line) => line.includes(`of dialect ${dialect} fails (no answer within ${TIMEOUT_MS} ms)`));
      expect(warnings).toHaveLength(1);
    }
    expect(stalled.output()).not.toContain('AT-1-first-unknown');
  });
});
