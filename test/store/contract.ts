import { randomBytes } from 'node:crypto';
import type { TokenRecord } from '../../src/core/model';
import type { TokenStore } from '../../src/store/token-store';

const now = () => Math.floor(Date.now() / 1000);

function record(overrides: Partial<TokenRecord> & { grantId: string }): TokenRecord {
  return {
    kind: 'access_token',
    id: randomBytes(12).toString('base64url'),
    clientId: 'client-a',
    subject: { type: 'user', id: 'u1', username: 'alice' },
    scope: ['read'],
    grantType: 'password',
    format: 'opaque',
    issuedAt: now(),
    expiresAt: now() + 60,
    ...overrides,
  };
}

const grant = () => randomBytes(8).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every TokenStore must have; run against the memory and the Redis store. */
export function storeContract(name: string, open: () => Promise<TokenStore>, close: (store: TokenStore) => Promise<void>): void {
  describe(`TokenStore contract: ${name}`, () => {
    let store: TokenStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await close(store);
    });

    it('saves tokens and finds them by id, with every field intact', async () => {
      const g = grant();
      const access = record({ grantId: g, extra: { nonce: 'n-1', nested: { a: [1, 2] } }, scope: [] });
      await store.saveTokens([access]);
      expect(await store.findToken(access.id)).toEqual(access);
      expect(await store.findToken('no-such-id')).toBeNull();
    });

    it('forgets a token when its retention time passes (TTL, no sweeper)', async () => {
      const g = grant();
      const short = record({ grantId: g, expiresAt: now() + 1, retainUntil: now() + 1 });
      const long = record({ grantId: g });
      await store.saveTokens([short, long]);
      expect(await store.findToken(short.id)).not.toBeNull();
      await sleep(2100);
      expect(await store.findToken(short.id)).toBeNull();
      expect(await store.findToken(long.id)).not.toBeNull();
    });

    it('consumes a single-use token exactly once', async () => {
      const g = grant();
      const code = record({ grantId: g, kind: 'authorization_code' });
      await store.saveTokens([code]);
      const first = await store.consumeToken(g, code.id, 1000);
      expect(first.status).toBe('consumed');
      const second = await store.consumeToken(g, code.id, 1001);
      expect(second.status).toBe('already_consumed');
      if (second.status === 'already_consumed') expect(second.record.consumedAt).toBe(1000);
      expect((await store.findToken(code.id))?.consumedAt).toBe(1000);
      expect((await store.consumeToken(g, 'missing', 1)).status).toBe('missing');
    });

    it('lets exactly one of 50 concurrent consumers win', async () => {
      const g = grant();
      const refresh = record({ grantId: g, kind: 'refresh_token' });
      await store.saveTokens([refresh]);
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => store.consumeToken(g, refresh.id, 2000 + i)));
      expect(outcomes.filter((o) => o.status === 'consumed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'already_consumed')).toHaveLength(49);
    });

    it('removes chosen tokens of a grant and leaves the others', async () => {
      const g = grant();
      const a = record({ grantId: g });
      const b = record({ grantId: g, kind: 'refresh_token' });
      await store.saveTokens([a, b]);
      expect(await store.removeTokens(g, [a.id, 'not-there'])).toBe(1);
      expect(await store.findToken(a.id)).toBeNull();
      expect(await store.findToken(b.id)).not.toBeNull();
      expect((await store.listGrantTokens(g)).map((r) => r.id)).toEqual([b.id]);
    });

    it('revokes a whole grant and nothing of another grant', async () => {
      const g1 = grant();
      const g2 = grant();
      const family = [record({ grantId: g1 }), record({ grantId: g1, kind: 'refresh_token' }), record({ grantId: g1, kind: 'authorization_code' })];
      const bystander = record({ grantId: g2 });
      await store.saveTokens(family);
      await store.saveTokens([bystander]);
      expect(await store.revokeGrant(g1)).toBe(3);
      for (const member of family) expect(await store.findToken(member.id)).toBeNull();
      expect(await store.listGrantTokens(g1)).toEqual([]);
      expect(await store.findToken(bystander.id)).not.toBeNull();
      expect(await store.revokeGrant(g1)).toBe(0);
    });

    it('adds tokens to an existing grant and lists them all', async () => {
      const g = grant();
      const first = record({ grantId: g });
      await store.saveTokens([first]);
      const second = record({ grantId: g, kind: 'refresh_token' });
      await store.saveTokens([second]);
      const ids = (await store.listGrantTokens(g)).map((r) => r.id).sort();
      expect(ids).toEqual([first.id, second.id].sort());
    });

    it('pages through grants filtered by client and by user, newest expiry first', async () => {
      const client = `client-${grant()}`;
      const grants = [grant(), grant(), grant()];
      await store.saveTokens([record({ grantId: grants[0], clientId: client, expiresAt: now() + 100 })]);
      await store.saveTokens([record({ grantId: grants[1], clientId: client, expiresAt: now() + 300 })]);
      await store.saveTokens([
        record({ grantId: grants[2], clientId: client, subject: { type: 'client', id: client }, expiresAt: now() + 200 }),
      ]);
      const page1 = await store.listGrants({ clientId: client }, { offset: 0, limit: 2 }, now());
      expect(page1.total).toBe(3);
      expect(page1.grantIds).toEqual([grants[1], grants[2]]);
      const page2 = await store.listGrants({ clientId: client }, { offset: 2, limit: 2 }, now());
      expect(page2.grantIds).toEqual([grants[0]]);
      const alices = await store.listGrants({ clientId: client, username: 'alice' }, { offset: 0, limit: 10 }, now());
      expect(alices.grantIds.sort()).toEqual([grants[0], grants[1]].sort());
      await store.revokeGrant(grants[1]);
      const after = await store.listGrants({ clientId: client }, { offset: 0, limit: 10 }, now());
      expect(after.total).toBe(2);
      expect(after.grantIds).toEqual([grants[2], grants[0]]);
    });

    it('drops expired grants from listings', async () => {
      const client = `client-${grant()}`;
      const g = grant();
      await store.saveTokens([record({ grantId: g, clientId: client, expiresAt: now() + 1, retainUntil: now() + 30 })]);
      expect((await store.listGrants({ clientId: client }, { offset: 0, limit: 10 }, now())).total).toBe(1);
      expect((await store.listGrants({ clientId: client }, { offset: 0, limit: 10 }, now() + 5)).total).toBe(0);
    });

    it('counts sequences upward per name', async () => {
      const name = `seq-${grant()}`;
      expect(await store.nextSequence(name)).toBe(1);
      expect(await store.nextSequence(name)).toBe(2);
      expect(await store.nextSequence(`${name}-other`)).toBe(1);
      const many = await Promise.all(Array.from({ length: 20 }, () => store.nextSequence(name)));
      expect(new Set(many).size).toBe(20);
    });

    it('keeps small values with and without TTL, and sets-if-absent once', async () => {
      const key = `k-${grant()}`;
      expect(await store.getValue(key)).toBeNull();
      await store.putValue(key, 'v1');
      expect(await store.getValue(key)).toBe('v1');
      expect(await store.putValueIfAbsent(key, 'v2')).toBe(false);
      expect(await store.getValue(key)).toBe('v1');
      await store.deleteValue(key);
      expect(await store.putValueIfAbsent(key, 'v3', 1)).toBe(true);
      expect(await store.getValue(key)).toBe('v3');
      await sleep(2100);
      expect(await store.getValue(key)).toBeNull();
    });

    it('counts within a window that starts at the first increment', async () => {
      const key = `c-${grant()}`;
      expect(await store.incrementCounter(key, 1)).toBe(1);
      expect(await store.incrementCounter(key, 1)).toBe(2);
      await sleep(2100);
      expect(await store.incrementCounter(key, 1)).toBe(1);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
