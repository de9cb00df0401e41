import { KeyRing, type KeyStorage } from '../../src/core/keys/key-ring';
import { SharedKeySync } from '../../src/core/keys/shared-key-sync';
import { ServerSecret } from '../../src/core/crypto/server-secret';
import { MemoryStore } from '../../src/store/memory';

/** The tokens these tests sign carry no `exp` or `nbf`: any clock verifies them. */
const NOW = { clockTimestamp: Math.floor(Date.now() / 1000) };

const secret = new ServerSecret('a-server-secret-of-enough-length-000');

/** A real memory store behind a switch: "down" refuses every call, "restart" loses everything. */
class SwitchedStorage implements KeyStorage {
  up = false;
  private store = new MemoryStore();

  restart(): void {
    void this.store.close();
    this.store = new MemoryStore();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  async getValue(key: string): Promise<string | null> {
    if (!this.up) throw new Error('store unreachable');
    return this.store.getValue(key);
  }

  async putValueIfAbsent(key: string, value: string): Promise<boolean> {
    if (!this.up) throw new Error('store unreachable');
    return this.store.putValueIfAbsent(key, value);
  }
}

const sign = (ring: KeyRing) => ring.sign({ sub: 'x' }, 'RS256', undefined, { kid: ring.currentKid });

describe('key ring adopting another key', () => {
  it('signs with the adopted key and keeps verifying (and publishing) the ones it had', () => {
    const own = KeyRing.generate();
    const shared = KeyRing.generate();
    const ring = new KeyRing([own]);
    const before = sign(ring);

    expect(ring.adopt([shared])).toBe(true);
    expect(ring.currentKid).toBe(shared.kid);
    expect(ring.keys).toEqual([shared]);
    expect(ring.verify(before, NOW)).toMatchObject({ sub: 'x' });
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([shared.kid, own.kid]);
    expect(ring.adopt([shared])).toBe(false);
  });
});

describe('shared signing key sync', () => {
  let storage: SwitchedStorage;
  let sync: SharedKeySync | undefined;
  const adopted: string[][] = [];
  const errors: unknown[] = [];
  let recoveries = 0;
  const options = {
    retryMs: 20,
    checkMs: 20,
    onAdopt: (kids: string[]) => adopted.push(kids),
    onError: (error: unknown) => errors.push(error),
    onRecover: () => void recoveries++,
  };

  beforeEach(() => {
    storage = new SwitchedStorage();
    adopted.length = 0;
    errors.length = 0;
    recoveries = 0;
  });
  afterEach(async () => {
    sync?.stop();
    await storage.close();
  });

  const until = async (condition: () => boolean | Promise<boolean>, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('adopts the key another process stored once the store answers, started while it was down', async () => {
    const ring = new KeyRing([KeyRing.generate()]);
    const local = ring.currentKid;
    sync = new SharedKeySync(ring, storage, secret, options, false);
    sync.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ring.currentKid).toBe(local);
    expect(errors).toEqual([]); // failures before the store ever answered are expected, not reported

    storage.up = true;
    const other = await KeyRing.load(undefined, storage, secret);
    await until(() => ring.currentKid === other.currentKid);
    expect(adopted).toEqual([[other.currentKid]]);
    // Both processes now sign alike: each verifies the other's tokens.
    expect(other.verify(sign(ring), NOW)).toMatchObject({ sub: 'x' });
    expect(ring.verify(sign(other), NOW)).toMatchObject({ sub: 'x' });
  });

  it('stores its own key when the store has none, so a later process adopts it rather than generating another', async () => {
    const ring = new KeyRing([KeyRing.generate()]);
    const local = ring.currentKid;
    storage.up = true;
    sync = new SharedKeySync(ring, storage, secret, options, false);
    await sync.syncOnce();
    expect(ring.currentKid).toBe(local);
    expect((await KeyRing.load(undefined, storage, secret)).currentKid).toBe(local);
  });

  it('puts the key back when the store restarted without it, and reports later failures', async () => {
    storage.up = true;
    const ring = await KeyRing.load(undefined, storage, secret);
    sync = new SharedKeySync(ring, storage, secret, options, true);
    sync.start();
    storage.restart();
    expect(await storage.getValue('keys:rsa')).toBeNull();
    await until(async () => (await storage.getValue('keys:rsa')) !== null);
    const later = await KeyRing.load(undefined, storage, secret);
    expect(later.currentKid).toBe(ring.currentKid);
    expect(adopted).toEqual([]);
    expect(errors).toEqual([]);

    // Once it has answered, a store that fails a check is reported: once per outage, not every round.
    storage.up = false;
    await until(() => errors.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(errors).toHaveLength(1);
    storage.up = true;
    await until(() => recoveries === 1);
    storage.up = false;
    await until(() => errors.length === 2);
  });
});
