import { randomBytes } from 'node:crypto';
import type { TokenRecord } from '../../src/core/model';
import type { GrantOwner, TokenStore } from '../../src/core/store';

const now = () => Math.floor(Date.now() / 1000);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const key = () => randomBytes(16).toString('base64url');

/** A storage id in `bucket` (its first character names it), as the minter makes them. */
export function idInBucket(store: TokenStore, bucket = Math.floor(Math.random() * store.placement.buckets)): string {
  return ALPHABET[bucket] + key();
}

/** Records of one grant: the first one's id is the grant id, and all share its bucket. */
export function grantRecords(store: TokenStore, kinds: Array<TokenRecord['kind']>, overrides: Partial<TokenRecord> = {}): TokenRecord[] {
  const bucket = Math.floor(Math.random() * store.placement.buckets);
  const ids = kinds.map(() => idInBucket(store, bucket));
  return kinds.map((kind, i) => ({
    kind,
    id: ids[i],
    grantId: ids[0],
    clientId: 'client-a',
    subject: { type: 'user', id: 'u1', username: 'alice' },
    scope: ['read'],
    grantType: 'password',
    format: 'opaque',
    issuedAt: now(),
    expiresAt: now() + 60,
    ...overrides,
  }));
}

/** A record joining an existing grant. */
function joining(store: TokenStore, grant: TokenRecord, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return { ...grant, id: idInBucket(store, ALPHABET.indexOf(grant.grantId[0])), ...overrides };
}

const owner = (clientKey = 'client-a', userKey: string | undefined = 'alice'): GrantOwner => (userKey === undefined ? { clientKey } : { clientKey, userKey });

/** The behaviour every TokenStore must have; run against memory, Redis, Cluster and Sentinel. */
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
      const [access, refresh] = grantRecords(store, ['access_token', 'refresh_token']);
      access.extra = { nonce: 'n-1', nested: { a: [1, 2] } };
      access.scope = [];
      access.refreshId = refresh.id;
      access.jti = 'jti-1';
      access.dialect = 'cas';
      access.impersonation = { username: 'admin', uid: '9', grantId: 'G' };
      refresh.subject = { type: 'client', id: 'client-a' };
      refresh.grantType = 'urn:ietf:params:oauth:grant-type:device_code';
      refresh.format = 'some-format';
      expect(await store.saveTokens(owner(), [access, refresh])).toBe('saved');
      expect(await store.findToken(access.id)).toEqual(access);
      expect(await store.findToken(refresh.id)).toEqual(refresh);
      expect(await store.findToken(idInBucket(store))).toBeNull();
    });

    it('forgets a token when its retention time passes (TTL, no sweeper)', async () => {
      const [short, long] = grantRecords(store, ['access_token', 'refresh_token']);
      short.expiresAt = now() + 1;
      short.retainUntil = now() + 1;
      await store.saveTokens(owner(), [short, long]);
      expect(await store.findToken(short.id)).not.toBeNull();
      await sleep(2100);
      expect(await store.findToken(short.id)).toBeNull();
      expect(await store.findToken(long.id)).not.toBeNull();
    });

    it('redeems a single-use token exactly once, saving its replacements in the same step', async () => {
      const [code] = grantRecords(store, ['authorization_code']);
      await store.saveTokens(owner(), [code]);
      const access = joining(store, code, { kind: 'access_token' });
      const first = await store.redeem(owner(), code.grantId, code.id, 1000, [access]);
      expect(first).toEqual({ status: 'redeemed', record: { ...code, consumedAt: 1000 } });
      expect(await store.findToken(access.id)).toEqual(access);
      expect((await store.findToken(code.id))?.consumedAt).toBe(1000);
      expect((await store.redeem(owner(), code.grantId, idInBucket(store), 1, [])).status).toBe('missing');
    });

    it('kills the whole family on reuse, and still knows a later replay as reuse', async () => {
      const [access, refresh] = grantRecords(store, ['access_token', 'refresh_token']);
      await store.saveTokens(owner(), [access, refresh]);
      const [access2, refresh2] = [joining(store, access), joining(store, refresh)];
      expect((await store.redeem(owner(), access.grantId, refresh.id, 1000, [access2, refresh2])).status).toBe('redeemed');
      const replay = await store.redeem(owner(), access.grantId, refresh.id, 1001, [joining(store, access)]);
      expect(replay).toEqual({ status: 'reused', record: { ...refresh, consumedAt: 1000 } });
      for (const dead of [access, access2, refresh2]) expect(await store.findToken(dead.id)).toBeNull();
      expect((await store.redeem(owner(), access.grantId, refresh.id, 1002, [])).status).toBe('reused');
      expect(await store.saveTokens(owner(), [joining(store, access)])).toBe('revoked');
      expect((await store.listGrantTokens(access.grantId)).filter((r) => r.consumedAt === undefined)).toEqual([]);
      expect((await store.listGrants({ clientKeys: ['client-a'] }, { offset: 0, limit: 1000 }, now())).grantIds).not.toContain(access.grantId);
    });

    it('keeps a token saved already spent as spent: redeeming it is reuse', async () => {
      const [spent, access, refresh] = grantRecords(store, ['refresh_token', 'access_token', 'refresh_token']);
      spent.consumedAt = now() - 5;
      expect(await store.saveTokens(owner(), [spent, access, refresh])).toBe('saved');
      expect(await store.findToken(spent.id)).toEqual(spent);
      expect(await store.redeem(owner(), spent.grantId, spent.id, now(), [])).toEqual({ status: 'reused', record: spent });
      for (const dead of [access, refresh]) expect(await store.findToken(dead.id)).toBeNull();
      expect(await store.saveTokens(owner(), [joining(store, spent)])).toBe('revoked');
    });

    it('lets exactly one of 50 concurrent redeemers win, and kills what the winner got', async () => {
      const [access, refresh] = grantRecords(store, ['access_token', 'refresh_token']);
      await store.saveTokens(owner(), [access, refresh]);
      const attempts = Array.from({ length: 50 }, () => [joining(store, access), joining(store, refresh)]);
      const outcomes = await Promise.all(attempts.map((replacements, i) => store.redeem(owner(), access.grantId, refresh.id, 2000 + i, replacements)));
      expect(outcomes.filter((o) => o.status === 'redeemed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'reused')).toHaveLength(49);
      for (const replacements of attempts) for (const record of replacements) expect(await store.findToken(record.id)).toBeNull();
      expect(await store.findToken(access.id)).toBeNull();
    });

    it('removes chosen tokens of a grant and leaves the others', async () => {
      const [a, b] = grantRecords(store, ['access_token', 'refresh_token']);
      await store.saveTokens(owner(), [a, b]);
      expect(await store.removeTokens(owner(), a.grantId, [a.id, idInBucket(store)])).toBe(1);
      expect(await store.findToken(a.id)).toBeNull();
      expect(await store.findToken(b.id)).not.toBeNull();
      expect((await store.listGrantTokens(a.grantId)).map((r) => r.id)).toEqual([b.id]);
    });

    it('revokes a whole grant, takes nothing new into it, and leaves other grants alone', async () => {
      const family = grantRecords(store, ['access_token', 'refresh_token', 'authorization_code']);
      const [bystander] = grantRecords(store, ['access_token']);
      await store.saveTokens(owner(), family);
      await store.saveTokens(owner(), [bystander]);
      expect(await store.revokeGrant(owner(), family[0].grantId)).toBe(3);
      for (const member of family) expect(await store.findToken(member.id)).toBeNull();
      expect(await store.listGrantTokens(family[0].grantId)).toEqual([]);
      expect(await store.findToken(bystander.id)).not.toBeNull();
      expect(await store.revokeGrant(owner(), family[0].grantId)).toBe(0);
      expect(await store.saveTokens(owner(), [joining(store, family[0])])).toBe('revoked');
      expect(await store.redeem(owner(), family[0].grantId, family[1].id, 1, [])).toEqual({ status: 'missing' });
    });

    it('revokes a grant of one token', async () => {
      const [only] = grantRecords(store, ['access_token'], { subject: { type: 'client', id: 'client-a' }, grantType: 'client_credentials' });
      await store.saveTokens(owner('client-a', undefined), [only]);
      expect(await store.revokeGrant(owner('client-a', undefined), only.grantId)).toBe(1);
      expect(await store.findToken(only.id)).toBeNull();
      expect((await store.listGrants({ clientKeys: ['client-a'] }, { offset: 0, limit: 1000 }, now())).grantIds).not.toContain(only.grantId);
    });

    it('adds tokens to a grant of one token and lists them all', async () => {
      const [first] = grantRecords(store, ['access_token']);
      await store.saveTokens(owner(), [first]);
      const second = joining(store, first, { kind: 'refresh_token' });
      await store.saveTokens(owner(), [second]);
      const ids = (await store.listGrantTokens(first.grantId)).map((r) => r.id).sort();
      expect(ids).toEqual([first.id, second.id].sort());
    });

    it('files a grant under a lookup key of the caller', async () => {
      const [access] = grantRecords(store, ['access_token']);
      const lookupKey = key();
      await store.saveTokens(owner(), [access], { lookupKey });
      expect(await store.findGrantByKey(lookupKey)).toBe(access.grantId);
      expect(await store.findGrantByKey(key())).toBeNull();
    });

    it('pages through grants by client and by user, newest expiry first', async () => {
      const client = `client-${key()}`;
      const other = `other-${key()}`;
      const alice = `alice-${key()}`;
      const grants = [
        grantRecords(store, ['access_token'], { clientId: client, expiresAt: now() + 100 }),
        grantRecords(store, ['access_token', 'refresh_token'], { clientId: client, expiresAt: now() + 300 }),
        grantRecords(store, ['access_token'], { clientId: client, subject: { type: 'client', id: client }, expiresAt: now() + 200 }),
        grantRecords(store, ['access_token'], { clientId: other, expiresAt: now() + 250 }),
      ];
      await store.saveTokens(owner(client, alice), grants[0]);
      await store.saveTokens(owner(client, alice), grants[1]);
      await store.saveTokens(owner(client, undefined), grants[2]);
      await store.saveTokens(owner(other, alice), grants[3]);
      const ids = grants.map((g) => g[0].grantId);
      const page1 = await store.listGrants({ clientKeys: [client] }, { offset: 0, limit: 2 }, now());
      expect(page1).toEqual({ total: 3, grantIds: [ids[1], ids[2]] });
      expect(await store.listGrants({ clientKeys: [client] }, { offset: 2, limit: 2 }, now())).toEqual({ total: 3, grantIds: [ids[0]] });
      expect(await store.listGrants({ clientKeys: [client, other] }, { offset: 1, limit: 2 }, now())).toEqual({ total: 4, grantIds: [ids[3], ids[2]] });
      expect(await store.listGrants({ userKey: alice }, { offset: 0, limit: 10 }, now())).toEqual({ total: 3, grantIds: [ids[1], ids[3], ids[0]] });
      expect(await store.listGrants({ userKey: alice, clientKey: client }, { offset: 0, limit: 10 }, now())).toEqual({ total: 2, grantIds: [ids[1], ids[0]] });
      await store.revokeGrant(owner(client, alice), ids[1]);
      expect(await store.listGrants({ clientKeys: [client] }, { offset: 0, limit: 10 }, now())).toEqual({ total: 2, grantIds: [ids[2], ids[0]] });
      expect(await store.listGrants({ userKey: alice }, { offset: 0, limit: 10 }, now())).toEqual({ total: 2, grantIds: [ids[3], ids[0]] });
    });

    it('counts grants without listing any: a page of limit 0', async () => {
      const client = `client-${key()}`;
      const alice = `alice-${key()}`;
      for (let i = 0; i < 3; i++) await store.saveTokens(owner(client, alice), grantRecords(store, ['access_token'], { clientId: client }));
      expect(await store.listGrants({ clientKeys: [client] }, { offset: 0, limit: 0 }, now())).toEqual({ total: 3, grantIds: [] });
      expect(await store.listGrants({ userKey: alice }, { offset: 0, limit: 0 }, now())).toEqual({ total: 3, grantIds: [] });
      expect(await store.listGrants({ userKey: alice, clientKey: client }, { offset: 0, limit: 0 }, now())).toEqual({ total: 3, grantIds: [] });
    });

    it('drops expired grants from listings, and never lists a code alone', async () => {
      const client = `client-${key()}`;
      const [access] = grantRecords(store, ['access_token'], { clientId: client, expiresAt: now() + 3, retainUntil: now() + 30 });
      const [code] = grantRecords(store, ['authorization_code'], { clientId: client });
      await store.saveTokens(owner(client), [access]);
      await store.saveTokens(owner(client), [code]);
      expect(await store.listGrants({ clientKeys: [client] }, { offset: 0, limit: 10 }, now())).toEqual({ total: 1, grantIds: [access.grantId] });
      expect((await store.listGrants({ clientKeys: [client] }, { offset: 0, limit: 10 }, now() + 5)).total).toBe(0);
    });

    it('reserves blocks of a sequence, never the same value twice', async () => {
      const name = `seq-${key()}`;
      expect(await store.reserveSequence(name, 10)).toBe(1);
      expect(await store.reserveSequence(name, 10)).toBe(11);
      expect(await store.reserveSequence(`${name}-other`, 1)).toBe(1);
      const firsts = await Promise.all(Array.from({ length: 20 }, () => store.reserveSequence(name, 5)));
      expect(new Set(firsts).size).toBe(20);
      expect(Math.min(...firsts)).toBe(21);
    });

    it('keeps small values with and without TTL, and sets-if-absent once', async () => {
      const name = `k-${key()}`;
      expect(await store.getValue(name)).toBeNull();
      await store.putValue(name, 'v1');
      expect(await store.getValue(name)).toBe('v1');
      expect(await store.putValueIfAbsent(name, 'v2')).toBe(false);
      expect(await store.getValue(name)).toBe('v1');
      await store.deleteValue(name);
      expect(await store.putValueIfAbsent(name, 'v3', 1)).toBe(true);
      expect(await store.getValue(name)).toBe('v3');
      await sleep(2100);
      expect(await store.getValue(name)).toBeNull();
    });

    it('counts within a window that starts at the first increment', async () => {
      const name = `c-${key()}`;
      expect(await store.incrementCounter(name, 1)).toBe(1);
      expect(await store.incrementCounter(name, 1)).toBe(2);
      await sleep(2100);
      expect(await store.incrementCounter(name, 1)).toBe(1);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
