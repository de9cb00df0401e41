import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Runtime } from '../../src/runtime';
import type { TokenEngine } from '../../src/core/engine';
import type { Client } from '../../src/core/model';
import { policyWith, type TokenPolicy } from '../../src/core/policy';
import type { JwtFormatSpec } from '../../src/core/formats/format';
import { KeyRing } from '../../src/core/keys/key-ring';
import { ServerSecret } from '../../src/core/crypto/server-secret';
import { startRuntime } from '../helpers/gateway';
import { CAS_TICKET_FORMAT } from '../../dialects/cas/support/ticket-format';
import { UUID_V1_HEX_FORMAT } from '../../dialects/iform/support/uuid-v1-format';

/** The tokens these tests sign carry no `exp` or `nbf`: any clock verifies them. */
const NOW = { clockTimestamp: Math.floor(Date.now() / 1000) };

function decodeSegment(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8')) as Record<string, unknown>;
}

const springLikeJwt = (key: string): JwtFormatSpec => ({
  type: 'jwt',
  alg: 'HS256',
  key,
  jti: { type: 'uuid' },
  claims: (c) => ({ user_name: c.subject.username, scope: c.scope, jti: c.jti, exp: c.expiresAt, client_id: c.clientId }),
});

describe('token formats', () => {
  let runtime: Runtime;
  let engine: TokenEngine;
  let client: Client;

  beforeAll(async () => {
    runtime = await startRuntime();
    engine = runtime.engine;
    engine.registerFormat(CAS_TICKET_FORMAT);
    engine.registerFormat(UUID_V1_HEX_FORMAT);
    client = await engine.authenticateClient({ clientId: 'web-app', clientSecret: 's3cret', method: 'client_secret_post' });
  });
  afterAll(() => runtime.close());

  const issue = (policy: TokenPolicy) => engine.token({ grantType: 'password', client, username: 'alice', password: 'wonderland' }, policy);

  it('opaque: base64url of the configured length, never repeated', async () => {
    const result = await issue(policyWith({ formats: { access_token: { type: 'opaque', length: 64 }, refresh_token: { type: 'opaque' }, authorization_code: { type: 'opaque' } } }));
    expect(result.accessToken.value).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(result.refreshToken!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.refreshToken!.value).not.toBe(result.accessToken.value);
  });

  it('cas-ticket: AT-/RT-/OC- with a counter per prefix and 32 characters of [A-Za-z0-9-]', async () => {
    const cas = policyWith({ formats: { access_token: { type: 'cas-ticket' }, refresh_token: { type: 'cas-ticket' }, authorization_code: { type: 'cas-ticket' } } });
    const first = await issue(cas);
    const second = await issue(cas);
    const pattern = (prefix: string) => new RegExp(`^${prefix}-([1-9][0-9]*)-[A-Za-z0-9-]{32}$`);
    expect(first.accessToken.value).toMatch(pattern('AT'));
    expect(first.refreshToken!.value).toMatch(pattern('RT'));
    const counter = (t: string) => Number(t.split('-')[1]);
    expect(counter(second.accessToken.value)).toBe(counter(first.accessToken.value) + 1);
    expect(counter(second.refreshToken!.value)).toBe(counter(first.refreshToken!.value) + 1);
    const code = await engine.issueAuthorizationCode({ client, user: engine.directory.userByUsername('alice')! }, cas);
    expect(code.value).toMatch(pattern('OC'));
  });

  it('uuid: a v4 UUID', async () => {
    const result = await issue(policyWith({ formats: { access_token: { type: 'uuid' }, refresh_token: { type: 'uuid' }, authorization_code: { type: 'uuid' } } }));
    expect(result.accessToken.value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uuid-v1-hex: 32 hex digits, version 1, the refresh token the next UUID of the generator', async () => {
    const v1 = policyWith({ formats: { access_token: { type: 'uuid-v1-hex' }, refresh_token: { type: 'uuid-v1-hex' }, authorization_code: { type: 'uuid-v1-hex' } } });
    const results = await Promise.all(Array.from({ length: 20 }, () => issue(v1)));
    for (const r of results) {
      const at = r.accessToken.value;
      const rt = r.refreshToken!.value;
      expect(at).toMatch(/^[0-9a-f]{12}1[0-9a-f]{19}$/);
      expect(rt.slice(8)).toBe(at.slice(8));
      expect(parseInt(rt.slice(0, 8), 16)).toBe((parseInt(at.slice(0, 8), 16) + 1) % 2 ** 32);
    }
    const all = results.flatMap((r) => [r.accessToken.value, r.refreshToken!.value]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('JWT HS256: the dialect decides the claims and their order; the store records it by jti', async () => {
    const policy = policyWith({ formats: { access_token: springLikeJwt('signing-key-123'), refresh_token: { type: 'uuid' }, authorization_code: { type: 'uuid' } } });
    const result = await issue(policy);
    const token = result.accessToken.value;
    expect(decodeSegment(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(decodeSegment(token, 0))).toEqual(['alg', 'typ']);
    const claims = decodeSegment(token, 1);
    expect(Object.keys(claims)).toEqual(['user_name', 'scope', 'jti', 'exp', 'client_id']);
    expect(jwt.verify(token, 'signing-key-123', { algorithms: ['HS256'] })).toMatchObject({ user_name: 'alice', client_id: 'web-app' });
    expect(result.accessToken.record.jti).toBe(claims.jti);
    // Revocation works although the JWT itself cannot be recalled.
    expect((await engine.introspect(token)).active).toBe(true);
    await engine.revoke(token, client);
    expect((await engine.introspect(token)).active).toBe(false);
  });

  it('JWT RS256: signed with the ring\'s current key, kid in the header, verifiable with the JWKS', async () => {
    const policy = policyWith({
      formats: {
        access_token: {
          type: 'jwt',
          alg: 'RS256',
          jti: { type: 'uuid' },
          header: (kid) => ({ kid, typ: 'JWT' }),
          claims: (c) => ({ sub: c.subject.id, aud: c.clientId, scope: c.scope, iss: c.issuer, exp: c.expiresAt, iat: c.issuedAt, jti: c.jti }),
        },
        refresh_token: { type: 'opaque', length: 128 },
        authorization_code: { type: 'opaque' },
      },
    });
    const result = await issue(policy);
    const header = decodeSegment(result.accessToken.value, 0);
    expect(Object.keys(header)).toEqual(['alg', 'kid', 'typ']);
    const jwk = engine.keys.jwks().keys.find((k) => k.kid === header.kid)!;
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    expect(jwt.verify(result.accessToken.value, publicKey, { algorithms: ['RS256'] })).toMatchObject({ sub: '1001', iss: 'http://gateway.test' });
    expect(result.refreshToken!.value).toMatch(/^[A-Za-z0-9_-]{128}$/);
    expect(JSON.stringify(decodeSegment(result.accessToken.value, 1))).not.toMatch(/\$2[aby]\$/);
  });

  it('accepts an HS256 JWT in a process that registered the policy but never minted one', async () => {
    const policy = policyWith({ formats: { access_token: springLikeJwt('shared-key-xyz'), refresh_token: { type: 'uuid' }, authorization_code: { type: 'uuid' } } });
    const second = await startRuntime({ store: runtime.store });
    try {
      const result = await issue(policy);
      expect((await second.engine.introspect(result.accessToken.value)).active).toBe(false);
      second.engine.usePolicy(policy);
      expect((await second.engine.introspect(result.accessToken.value)).active).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('never accepts a JWT signed with another key, alg none, or HS256 keyed with the public RSA key', async () => {
    const policy = policyWith({ formats: { access_token: springLikeJwt('real-key'), refresh_token: { type: 'uuid' }, authorization_code: { type: 'uuid' } } });
    const result = await issue(policy);
    const claims = decodeSegment(result.accessToken.value, 1);
    const forged = jwt.sign(claims, 'guessed-key', { algorithm: 'HS256' });
    expect((await engine.introspect(forged)).active).toBe(false);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${result.accessToken.value.split('.')[1]}.`;
    expect((await engine.introspect(none)).active).toBe(false);
    const pem = engine.keys.publicKeyPem();
    const confused = jwt.sign(claims, pem, { algorithm: 'HS256' });
    expect((await engine.introspect(confused)).active).toBe(false);
  });

  describe('registered by a dialect', () => {
    const shaped = (type: string): TokenPolicy => policyWith({ formats: { access_token: { type }, refresh_token: { type: 'opaque' }, authorization_code: { type: 'opaque' } } });

    it('mints a format a dialect registered, with its options, and refuses one nobody registered', async () => {
      let counter = 0;
      engine.registerFormat({ type: 'probe-serial', prepare: (spec, context) => () => `${String(spec.prefix)}${context.kind}-${++counter}` });
      const probe = policyWith({ formats: { access_token: { type: 'probe-serial', prefix: 'P:' }, refresh_token: { type: 'opaque' }, authorization_code: { type: 'opaque' } } });
      const result = await engine.token({ grantType: 'client_credentials', client }, engine.usePolicy(probe));
      expect(result.accessToken.value).toBe(`P:access_token-${counter}`);
      expect((await engine.introspect(result.accessToken.value)).active).toBe(true);

      expect(() => engine.usePolicy(shaped('nobody-registered'))).toThrow(/token format "nobody-registered" is not registered/);
      await expect(engine.token({ grantType: 'client_credentials', client }, shaped('nobody-registered'))).rejects.toMatchObject({ code: 'server_error' });
    });

    it('refuses a second format under a registered type, and "jwt"', () => {
      expect(() => engine.registerFormat({ type: 'opaque', prepare: () => () => 'x' })).toThrow(/already registered/);
      expect(() => engine.registerFormat({ type: 'jwt', prepare: () => () => 'x' })).toThrow(/built-in signed format/);
    });
  });
});

describe('key ring', () => {
  it('signs with the first key and verifies with every key (rotation)', () => {
    const older = KeyRing.generate();
    const newer = KeyRing.generate();
    const before = new KeyRing([older]);
    const token = before.sign({ sub: 'x', jti: 'j' }, 'RS256', undefined, { kid: older.kid });
    const during = new KeyRing([newer, older]);
    expect(during.verify(token, NOW)).toMatchObject({ sub: 'x' });
    expect(during.currentKid).toBe(newer.kid);
    expect(during.jwks().keys.map((k) => k.kid)).toEqual([newer.kid, older.kid]);
    const after = new KeyRing([newer]);
    expect(after.verify(token, NOW)).toBeNull();
  });

  it('generates a key once per store and shares it, sealed, with the next process', async () => {
    const values = new Map<string, string>();
    const storage = {
      getValue: async (k: string) => values.get(k) ?? null,
      putValueIfAbsent: async (k: string, v: string) => (values.has(k) ? false : (values.set(k, v), true)),
    };
    const secret = new ServerSecret('a-server-secret-of-enough-length-000');
    const first = await KeyRing.load(undefined, storage, secret);
    const second = await KeyRing.load(undefined, storage, secret);
    expect(second.currentKid).toBe(first.currentKid);
    const stored = [...values.values()][0];
    expect(stored).not.toContain('PRIVATE KEY');
    const configured = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const fromConfig = await KeyRing.load([{ kid: 'cfg-1', private_key: configured }], storage, secret);
    expect(fromConfig.currentKid).toBe('cfg-1');
  });
});
