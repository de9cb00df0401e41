import bcrypt from 'bcryptjs';
import { BcryptPool } from '../../src/core/secrets/bcrypt-pool';
import { SecretVerifier } from '../../src/core/secrets/secret-verifier';
import { ServerSecret, constantTimeEqual } from '../../src/core/crypto/server-secret';

describe('secrets', () => {
  let pool: BcryptPool;
  beforeAll(() => {
    pool = new BcryptPool(2);
  });
  afterAll(() => pool.close());

  it('runs bcrypt off the event loop: timers keep firing while hashes are compared', async () => {
    const hash = bcrypt.hashSync('slow-secret', 12);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    const results = await Promise.all([pool.compare('slow-secret', hash), pool.compare('wrong', hash)]);
    const elapsed = Date.now() - started;
    clearInterval(timer);
    expect(results).toEqual([true, false]);
    // On the event loop, bcryptjs yields only between ~100 ms slices: about one tick per 100 ms.
    expect(elapsed).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 40));
  });

  it('imports $2a$, $2b$ and $2y$ hashes as they are, and refuses anything else', async () => {
    const b = bcrypt.hashSync('legacy', 4);
    expect(await pool.compare('legacy', b)).toBe(true);
    expect(await pool.compare('legacy', b.replace('$2b$', '$2a$'))).toBe(true);
    expect(await pool.compare('legacy', b.replace('$2b$', '$2y$'))).toBe(true);
    expect(await pool.compare('legacy', 'legacy')).toBe(false);
    expect(await pool.compare('legacy', '{noop}legacy')).toBe(false);
  });

  it('remembers a verified client secret, so a thousand authentications cost one bcrypt', async () => {
    const hash = await pool.hash('client-secret', 4);
    const compare = jest.spyOn(pool, 'compare');
    const verifier = new SecretVerifier(pool, new ServerSecret('x'.repeat(40)), { cacheTtlSeconds: 60, cacheSize: 100 });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => (i === 0 ? verifier.verifyClientSecret('c1', 'client-secret', hash) : Promise.resolve(true))));
    for (let i = 0; i < 999; i++) results.push(await verifier.verifyClientSecret('c1', 'client-secret', hash));
    expect(results.every(Boolean)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(1);
    compare.mockRestore();
  });

  it('shares one bcrypt among concurrent checks of the same secret on a cache miss', async () => {
    const hash = await pool.hash('burst', 4);
    const compare = jest.spyOn(pool, 'compare');
    const verifier = new SecretVerifier(pool, new ServerSecret('w'.repeat(40)), { cacheTtlSeconds: 60, cacheSize: 100 });
    const results = await Promise.all(Array.from({ length: 32 }, () => verifier.verifyClientSecret('c1', 'burst', hash)));
    const wrong = await Promise.all(Array.from({ length: 8 }, () => verifier.verifyClientSecret('c1', 'not-it', hash)));
    expect(results.every(Boolean)).toBe(true);
    expect(wrong.some(Boolean)).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
    compare.mockRestore();
  });

  it('never caches a failure, and re-verifies when the secret changes or the cache is cleared', async () => {
    const oldHash = await pool.hash('old', 4);
    const newHash = await pool.hash('new', 4);
    const compare = jest.spyOn(pool, 'compare');
    const verifier = new SecretVerifier(pool, new ServerSecret('y'.repeat(40)), { cacheTtlSeconds: 60, cacheSize: 100 });
    expect(await verifier.verifyClientSecret('c1', 'wrong', oldHash)).toBe(false);
    expect(await verifier.verifyClientSecret('c1', 'wrong', oldHash)).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
    expect(await verifier.verifyClientSecret('c1', 'old', oldHash)).toBe(true);
    expect(await verifier.verifyClientSecret('c1', 'old', oldHash)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(3);
    // The configuration now holds a new hash: the remembered old secret must not pass.
    expect(await verifier.verifyClientSecret('c1', 'old', newHash)).toBe(false);
    expect(await verifier.verifyClientSecret('c1', 'new', newHash)).toBe(true);
    verifier.clear();
    expect(await verifier.verifyClientSecret('c1', 'new', newHash)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(6);
    compare.mockRestore();
  });

  it('forgets a verified secret after its time', async () => {
    const hash = await pool.hash('s', 4);
    const compare = jest.spyOn(pool, 'compare');
    const verifier = new SecretVerifier(pool, new ServerSecret('z'.repeat(40)), { cacheTtlSeconds: 1, cacheSize: 100 });
    await verifier.verifyClientSecret('c1', 's', hash);
    await new Promise((r) => setTimeout(r, 1100));
    await verifier.verifyClientSecret('c1', 's', hash);
    expect(compare).toHaveBeenCalledTimes(2);
    compare.mockRestore();
  });

  it('compares in constant time and derives distinct keyed token ids per server secret', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    const one = new ServerSecret('secret-one-secret-one-secret-one-1');
    const two = new ServerSecret('secret-two-secret-two-secret-two-2');
    expect(one.tokenId('AT-1-abc')).toBe(one.tokenId('AT-1-abc'));
    expect(one.tokenId('AT-1-abc')).not.toBe(two.tokenId('AT-1-abc'));
    expect(one.tokenId('AT-1-abc')).not.toContain('AT-1');
    const sealed = one.seal('token-value');
    expect(sealed).not.toContain('token-value');
    expect(one.unseal(sealed)).toBe('token-value');
    expect(two.unseal(sealed)).toBeNull();
  });
});
