import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { serveCli, type ServingCli } from '../helpers/cli';
import { freePort } from '../helpers/redis-process';
import { basic, bearer, form, ownGateway, serveConfig, writeConfig } from '../helpers/legacy-provider';

/**
 * Cut-over from a legacy MaxKey and CIAM: one built gateway process plays both (its own memory
 * store and signing key); a second one, whose maxkey and ciam dialects name it as upstream,
 * accepts the legacy's tokens at its MaxKey, CIAM, Spring, CAS and standard doors.
 */
const TIMEOUT_MS = 500;
const privatePem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const client = (id: string, secret: string) => ({ client_id: id, client_secret: secret, grant_types: ['password', 'client_credentials', 'refresh_token'], scopes: ['openid', 'read'] });

/** The legacy MaxKey (under /sign) and CIAM (at the root); its CIAM pool returns a username claim where the user has one. */
function legacyConfig(kid: string, pem: string): Record<string, unknown> {
  return ownGateway('legacy', {
    test_mode: true,
    keys: { rsa: [{ kid, private_key: pem }] },
    clients: [client('legacy-app', 'legacy-secret')],
    users: [
      { username: 'carol', password: 'old-password', uid: 'l-1', attributes: { email: 'carol@legacy.example' } },
      { username: 'dan', password: 'dan-password', uid: 'l-2', attributes: { email: 'dan@legacy.example', preferred_username: 'dan' } },
    ],
    dialects: {
      maxkey: { enabled: true },
      ciam: { enabled: true, auth_sources: [{ id: 'pw', clients: ['legacy-app'] }], userinfo_claims: ['email', 'preferred_username'] },
    },
  });
}

function newGatewayConfig(legacyUrl: string): Record<string, unknown> {
  const upstream = { base_url: legacyUrl, timeout_ms: TIMEOUT_MS };
  return ownGateway('new', {
    // The legacy's app was imported; carol too, with her CIAM id as uid; dan exists only at the legacy.
    clients: [client('new-app', 'new-secret'), client('legacy-app', 'legacy-secret')],
    users: [{ username: 'carol', password: 'new-password', uid: 'l-1', attributes: { email: 'carol@new.example' }, roles: ['admin'] }],
    dialects: {
      standard: { enabled: true },
      cas: { enabled: true },
      spring: { enabled: true, check_token_access: 'isAuthenticated' },
      maxkey: { enabled: true, upstream: { ...upstream, base_url: `${legacyUrl}/sign`, client_id: 'legacy-app', client_secret: 'legacy-secret' } },
      ciam: { enabled: true, upstream },
    },
  });
}

describe('fallback verification at a legacy MaxKey and CIAM (two gateway processes, separate stores and keys)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upstream-maxkey-ciam-'));
  let port: number;
  let legacyUrl: string;
  let legacy: ServingCli;
  let gateway: ServingCli;
  const firstKey = { kid: 'legacy-key-1', pem: privatePem() };

  const startLegacy = async (kid: string, pem: string) => {
    legacy = await serveCli(['--host', '127.0.0.1', '--port', String(port), '--config', writeConfig(dir, `legacy-${kid}`, legacyConfig(kid, pem))]);
  };

  beforeAll(async () => {
    port = await freePort();
    legacyUrl = `http://127.0.0.1:${port}`;
    await startLegacy(firstKey.kid, firstKey.pem);
    gateway = await serveConfig(dir, 'new', newGatewayConfig(legacyUrl));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), legacy?.child.exitCode === null ? legacy.stop() : undefined]);
    rmSync(dir, { recursive: true, force: true });
  });

  const legacyMaxkey = async (username: string, password: string) => {
    const answer = await fetch(`${legacyUrl}/sign/authz/oauth/v20/token`, form({ grant_type: 'password', client_id: 'legacy-app', client_secret: 'legacy-secret', username, password, scope: 'openid read' }));
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  const legacyCiam = async (username: string, password: string) => {
    const answer = await fetch(`${legacyUrl}/oauth2/token`, form({ grant_type: 'password', username, password, auth_source_id: 'pw', scope: 'openid read' }, basic('legacy-app', 'legacy-secret')));
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  const jwksFetches = async () => {
    const { requests } = (await (await fetch(`${legacyUrl}/_test/requests`)).json()) as { requests: Array<{ route: string }> };
    return requests.filter((request) => request.route === '/oauth2/jwks').length;
  };

  const json = async (answer: Response) => ({ status: answer.status, body: (await answer.json().catch(() => undefined)) as Record<string, unknown> | undefined });
  const maxkeyMe = async (token: string) => json(await fetch(`${gateway.url}/sign/api/oauth/v20/me`, bearer(token)));
  const ciamUserinfo = (token: string) => fetch(`${gateway.url}/userinfo`, bearer(token));
  const checkToken = async (token: string) => json(await fetch(`${gateway.url}/oauth/check_token`, form({ token }, basic('new-app', 'new-secret'))));
  const casProfile = async (token: string) => json(await fetch(`${gateway.url}/oauth2.0/profile?access_token=${encodeURIComponent(token)}`));
  const introspect = async (token: string) => (await json(await fetch(`${gateway.url}/std/introspect`, form({ token }, basic('new-app', 'new-secret'))))).body;

  /** Every door of the new gateway names the legacy token's user in its own shape. */
  async function expectAcceptedEverywhere(token: string, user: { username: string; uid: string; email: string }) {
    expect(await maxkeyMe(token)).toMatchObject({ status: 200, body: { username: user.username, email: user.email } });
    expect(await json(await ciamUserinfo(token))).toEqual({ status: 200, body: { sub: user.uid, email: user.email } });
    expect(await checkToken(token)).toMatchObject({ status: 200, body: { active: true, user_name: user.username, client_id: 'legacy-app' } });
    expect(await casProfile(token)).toMatchObject({ status: 200, body: { id: user.username, client_id: 'legacy-app', attributes: { email: user.email } } });
    expect(await introspect(token)).toMatchObject({ active: true, username: user.username, client_id: 'legacy-app', scope: 'openid read' });
  }

  /** Every door refuses it, each its own way. */
  async function expectRefusedEverywhere(token: string) {
    const me = await maxkeyMe(token);
    expect(me.status).toBe(200);
    expect(me.body?.error).toEqual(expect.any(String));
    expect(me.body?.username).toBeUndefined();
    const userinfo = await ciamUserinfo(token);
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await checkToken(token)).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
    expect((await casProfile(token)).status).toBe(401);
    expect(await introspect(token)).toEqual({ active: false });
  }

  const carol = { username: 'carol', uid: 'l-1', email: 'carol@new.example' };
  const dan = { username: 'dan', uid: 'dan', email: 'dan@legacy.example' };

  it('accepts a legacy MaxKey token and a legacy CIAM JWT at MaxKey /me, CIAM /userinfo, check_token, CAS profile and introspect', async () => {
    for (const mint of [legacyMaxkey, legacyCiam]) {
      // carol is the local carol (by name from MaxKey, by her imported CIAM id); dan is the legacy's user.
      await expectAcceptedEverywhere(await mint('carol', 'old-password'), carol);
      await expectAcceptedEverywhere(await mint('dan', 'dan-password'), dan);
    }
    const ciamToken = await legacyCiam('dan', 'dan-password');
    const expiry = (jwt.decode(ciamToken) as { exp: number }).exp;
    expect(await introspect(ciamToken)).toMatchObject({ exp: expiry });
  });

  it('refuses garbage, a JWT signed by another key under the legacy kid, an expired legacy JWT and an unsigned one', async () => {
    await expectRefusedEverywhere('8c0f5e0e-3a5c-4e8b-9d53-2a1f3c6b7d90');
    await expectRefusedEverywhere('not-a-token-at-all');
    const genuine = jwt.decode(await legacyCiam('dan', 'dan-password')) as Record<string, unknown>;
    const forged = jwt.sign(genuine, privatePem(), { algorithm: 'RS256', keyid: firstKey.kid });
    await expectRefusedEverywhere(forged);
    // Signed with the legacy's own key, expired (a jti of its own: the legacy judges a known jti by its store, not by `exp`).
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign({ ...genuine, iat: now - 600, nbf: now - 600, exp: now - 300, jti: randomUUID() }, firstKey.pem, { algorithm: 'RS256', keyid: firstKey.kid });
    await expectRefusedEverywhere(expired);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(genuine)).toString('base64url')}.`;
    await expectRefusedEverywhere(unsigned);
  });

  it('fetches the JWKS again for the kid of a rotated key, and not for every unknown kid', async () => {
    expect(await jwksFetches()).toBe(1);
    await legacy.stop();
    const rotated = { kid: 'legacy-key-2', pem: privatePem() };
    await startLegacy(rotated.kid, rotated.pem);
    const token = await legacyCiam('dan', 'dan-password');
    expect(jwt.decode(token, { complete: true })?.header.kid).toBe(rotated.kid);
    await expectAcceptedEverywhere(token, dan);
    expect(await jwksFetches()).toBe(1);

    // A kid nobody has, right after: refused without asking the legacy for its keys again.
    const genuine = jwt.decode(token) as Record<string, unknown>;
    const foreign = jwt.sign(genuine, privatePem(), { algorithm: 'RS256', keyid: 'someone-elses-key' });
    await expectRefusedEverywhere(foreign);
    expect(await jwksFetches()).toBe(1);
  });

  it('answers "unknown token" within timeout_ms once the legacy process is gone', async () => {
    const maxkeyToken = await legacyMaxkey('dan', 'dan-password');
    const ciamToken = await legacyCiam('dan', 'dan-password');
    await legacy.stop('SIGKILL');
    for (const token of [maxkeyToken, ciamToken]) {
      const started = performance.now();
      expect((await ciamUserinfo(token)).status).toBe(401);
      expect(await checkToken(token)).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
    }
    // The log lines reach this process through a pipe: wait for them a little, then count.
    const warnings = (dialect: string) => gateway.output().split('\n').filter((line) => line.includes(`of dialect ${dialect} fails`));
    for (let waited = 0; waited < 3000 && (warnings('maxkey').length === 0 || warnings('ciam').length === 0); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const dialect of ['maxkey', 'ciam']) expect(warnings(dialect)).toHaveLength(1);
    expect(gateway.output()).not.toContain(maxkeyToken);
    expect(gateway.output()).not.toContain(ciamToken);
  });
});
