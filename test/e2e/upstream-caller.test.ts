import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import { startGateway, type Gateway } from '../../src';

/**
 * A legacy upstream that misbehaves, played by a small HTTP server that counts what it is asked;
 * the gateway runs in this process so its clock can be moved: MaxKey's `/me` answering 5xx or a
 * page, the answers' cache lifetimes, and a CIAM upstream's JWTs checked against the engine's
 * clock with its JWKS refetched for a new kid at most once per quiet period.
 */
const CACHE_TTL = 60;
const NEGATIVE_TTL = 20;
const JWKS_TTL = 300;
const ME_PATH = '/sign/api/oauth/v20/me';

interface Signer {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

function signer(kid: string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid } };
}

/** What the small upstream answers and what it was asked. */
class LegacyUpstream {
  meMode: 'answer' | 'error' | 'page' = 'answer';
  readonly liveMaxkey = new Set<string>();
  readonly liveCiam = new Set<string>();
  published: Signer[] = [];
  readonly asked: Record<string, number> = {};
  readonly server: Server = createServer((req, res) => this.answer(req, res));

  count(path: string): number {
    return this.asked[path] ?? 0;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    this.asked[path] = this.count(path) + 1;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === ME_PATH) {
      if (this.meMode === 'error') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      if (this.meMode === 'page') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>');
      if (!this.liveMaxkey.has(token)) return json(200, { error_description: 'Invalid access token', error: 'invalid_token' });
      return json(200, { randomId: randomUUID(), userId: 'u-9', user: 'erin', username: 'erin', email: 'erin@legacy.example', gender: 0, mobile: null });
    }
    if (path === '/oauth2/jwks') return json(200, { keys: this.published.map((key) => key.jwk) });
    if (path === '/userinfo') {
      if (!this.liveCiam.has(token)) return void res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      return json(200, { sub: 'c-4', preferred_username: 'frank', email: 'frank@legacy.example' });
    }
    res.writeHead(404).end();
  }
}

describe('a legacy upstream that fails, and the lifetimes of its answers (in-process gateway, its clock moved)', () => {
  const upstream = new LegacyUpstream();
  let gateway: Gateway;
  const first = signer('ciam-key-1');

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}`;
    const lifetimes = { timeout_ms: 1000, cache_ttl: CACHE_TTL, negative_cache_ttl: NEGATIVE_TTL };
    upstream.published = [first];
    gateway = await startGateway({
      // A day behind the wall clock: a JWT is judged by the gateway's time, not this machine's.
      now: Date.now() - 86_400_000,
      config: {
        store: 'memory',
        secret: 'upstream-caller-secret-0123456789abcdef',
        clients: [{ client_id: 'new-app', client_secret: 'new-secret', grant_types: ['client_credentials'], scopes: ['openid'] }],
        dialects: {
          standard: { enabled: true },
          maxkey: { enabled: true, upstream: { base_url: `${base}/sign`, ...lifetimes } },
          ciam: { enabled: true, upstream: { base_url: base, ...lifetimes, jwks_cache_ttl: JWKS_TTL } },
        },
      },
    });
  }, 30_000);

  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  const introspect = async (token: string) => {
    const answer = await fetch(`${gateway.url}/std/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('new-app:new-secret').toString('base64')}` },
      body: new URLSearchParams({ token }).toString(),
    });
    return (await answer.json()) as Record<string, unknown>;
  };
  const maxkeyToken = (live = true) => {
    const token = randomUUID();
    if (live) upstream.liveMaxkey.add(token);
    return token;
  };
  /** A CIAM access token as SAS mints it, times from the gateway's clock unless given. */
  const ciamToken = (key: Signer, times: { nbf?: number; exp?: number } = {}, live = true) => {
    const now = gateway.clock.now();
    const claims = { sub: 'c-4', aud: 'legacy-app', nbf: times.nbf ?? now, scope: ['openid'], iss: 'http://legacy.test', exp: times.exp ?? now + 300, iat: now, jti: randomUUID() };
    const token = jwt.sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
    if (live) upstream.liveCiam.add(token);
    return token;
  };

  it('takes an upstream answering 5xx, or a 200 page that is not JSON, for "unknown token"', async () => {
    upstream.meMode = 'error';
    expect(await introspect(maxkeyToken())).toEqual({ active: false });
    upstream.meMode = 'page';
    expect(await introspect(maxkeyToken())).toEqual({ active: false });
    upstream.meMode = 'answer';
    expect(await introspect(maxkeyToken())).toMatchObject({ active: true, username: 'erin', client_id: 'maxkey' });
  });

  it('answers MaxKey /me for the upstream\'s user, with the attributes /me gave', async () => {
    const token = maxkeyToken();
    const answer = await fetch(`${gateway.url}${ME_PATH}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ username: 'erin', user: 'erin', email: 'erin@legacy.example', gender: 0, mobile: null });
    expect(body.randomId).toEqual(expect.any(String));
  });

  it('reuses a "no" for negative_cache_ttl without asking the upstream, then asks again', async () => {
    const token = maxkeyToken(false);
    const before = upstream.count(ME_PATH);
    expect(await introspect(token)).toEqual({ active: false });
    expect(upstream.count(ME_PATH)).toBe(before + 1);
    upstream.liveMaxkey.add(token);
    gateway.clock.advance(NEGATIVE_TTL - 1);
    expect(await introspect(token)).toEqual({ active: false });
    expect(upstream.count(ME_PATH)).toBe(before + 1);
    gateway.clock.advance(2);
    expect(await introspect(token)).toMatchObject({ active: true, username: 'erin' });
    expect(upstream.count(ME_PATH)).toBe(before + 2);
  });

  it('reuses a "yes" until cache_ttl has passed, then asks again and believes the new answer', async () => {
    const token = maxkeyToken();
    const before = upstream.count(ME_PATH);
    expect(await introspect(token)).toMatchObject({ active: true, username: 'erin' });
    upstream.liveMaxkey.delete(token);
    gateway.clock.advance(CACHE_TTL - 1);
    expect(await introspect(token)).toMatchObject({ active: true, username: 'erin' });
    expect(upstream.count(ME_PATH)).toBe(before + 1);
    gateway.clock.advance(2);
    expect(await introspect(token)).toEqual({ active: false });
    expect(upstream.count(ME_PATH)).toBe(before + 2);
  });

  it('judges a CIAM JWT by the gateway clock: live a day behind this machine, refused before its nbf; MaxKey is not asked about it', async () => {
    const meBefore = upstream.count(ME_PATH);
    expect(await introspect(ciamToken(first))).toMatchObject({ active: true, username: 'frank', client_id: 'legacy-app', scope: 'openid' });
    const now = gateway.clock.now();
    const early = ciamToken(first, { nbf: now + 60, exp: now + 600 });
    const userinfoBefore = upstream.count('/userinfo');
    expect(await introspect(early)).toEqual({ active: false });
    expect(upstream.count('/userinfo')).toBe(userinfoBefore);
    expect(await introspect(ciamToken(first, { nbf: now - 600, exp: now - 1 }))).toEqual({ active: false });
    gateway.clock.advance(61);
    expect(await introspect(early)).toMatchObject({ active: true, username: 'frank' });
    expect(upstream.count(ME_PATH)).toBe(meBefore);
  });

  it('fetches the JWKS again for an unknown kid at most once per quiet period, by the gateway clock, and after jwks_cache_ttl', async () => {
    expect(await introspect(ciamToken(first))).toMatchObject({ active: true });
    const fetched = upstream.count('/oauth2/jwks');
    const stranger = signer('nobody-has-this');
    expect(await introspect(ciamToken(stranger))).toEqual({ active: false });
    expect(upstream.count('/oauth2/jwks')).toBe(fetched + 1);

    // The key rotates upstream during the quiet period: its tokens wait for the next refetch.
    const second = signer('ciam-key-2');
    upstream.published = [second, first];
    expect(await introspect(ciamToken(second))).toEqual({ active: false });
    expect(await introspect(ciamToken(signer('nor-this')))).toEqual({ active: false });
    expect(upstream.count('/oauth2/jwks')).toBe(fetched + 1);
    gateway.clock.advance(11);
    expect(await introspect(ciamToken(second))).toMatchObject({ active: true, username: 'frank' });
    expect(upstream.count('/oauth2/jwks')).toBe(fetched + 2);

    // Known kids are served from the set until it is jwks_cache_ttl old.
    expect(await introspect(ciamToken(first))).toMatchObject({ active: true });
    expect(upstream.count('/oauth2/jwks')).toBe(fetched + 2);
    gateway.clock.advance(JWKS_TTL + 1);
    expect(await introspect(ciamToken(first))).toMatchObject({ active: true });
    expect(upstream.count('/oauth2/jwks')).toBe(fetched + 3);
  });
});
