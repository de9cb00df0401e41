import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import jwt from 'jsonwebtoken';
import { startGateway, type Gateway } from '../../src';

/**
 * A legacy CIAM tenant that answers each call in time but slowly: its key set, then its
 * userinfo, together take longer than `timeout_ms`. The verification as a whole keeps to it,
 * and the key set fetched meanwhile is kept for the next token.
 */
const TIMEOUT_MS = 800;
const DELAY_MS = 550;

describe('one verification within timeout_ms, however many calls the upstream needs', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'slow-key' };
  const asked: string[] = [];
  let server: Server;
  let gateway: Gateway;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      asked.push(path);
      const body = path === '/oauth2/jwks' ? { keys: [jwk] } : path === '/userinfo' ? { sub: 'c-7', preferred_username: 'grace' } : undefined;
      setTimeout(() => (body ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)) : res.writeHead(404).end()), DELAY_MS);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    gateway = await startGateway({
      config: {
        store: 'memory',
        secret: 'upstream-deadline-secret-0123456789abcdef',
        clients: [{ client_id: 'rs', client_secret: 'rs-secret', grant_types: ['client_credentials'], scopes: ['openid'] }],
        // A "no" is not reused here, so the second presentation is asked again.
        dialects: { standard: { enabled: true }, ciam: { enabled: true, upstream: { base_url: base, timeout_ms: TIMEOUT_MS, negative_cache_ttl: 0 } } },
      },
    });
  }, 30_000);

  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  const introspect = async (token: string) => {
    const started = performance.now();
    const answer = await fetch(`${gateway.url}/std/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('rs:rs-secret').toString('base64')}` },
      body: new URLSearchParams({ token }).toString(),
    });
    return { body: (await answer.json()) as Record<string, unknown>, elapsed: performance.now() - started };
  };

  it('answers "unknown" at timeout_ms when the calls add up to more, and uses the key set that arrived for the next token', async () => {
    const now = gateway.clock.now();
    const token = jwt.sign({ sub: 'c-7', aud: 'legacy-app', scope: ['openid'], iat: now, nbf: now, exp: now + 300, jti: randomUUID() }, privateKey, { algorithm: 'RS256', keyid: 'slow-key' });

    const first = await introspect(token);
    expect(first.body).toEqual({ active: false });
    expect(first.elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(first.elapsed).toBeLessThan(TIMEOUT_MS + 250);

    // The key set's fetch finished after the answer; the userinfo call it led to as well.
    await new Promise((resolve) => setTimeout(resolve, 2 * DELAY_MS));
    expect(asked.filter((path) => path === '/oauth2/jwks')).toHaveLength(1);

    const second = await introspect(token);
    expect(second.body).toMatchObject({ active: true, username: 'grace', client_id: 'legacy-app' });
    expect(second.elapsed).toBeLessThan(TIMEOUT_MS);
    expect(asked.filter((path) => path === '/oauth2/jwks')).toHaveLength(1);
  });
});
