import { randomBytes } from 'node:crypto';
import type request from 'supertest';
import type { RawConfig } from '../../src/config/types';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import {
  CLIENT_DOORS,
  clientNamed,
  door,
  expectFreshLock,
  LOCK,
  lockoutConfig,
  PASSWORD_DOORS,
  signIn,
  STD_CLIENT,
  userNamed,
  type TestClient,
  type TestUser,
} from './lockout-doors';

/*
 * One lock-out for every door, over real sockets: failures counted at one door (the browser
 * sign-in, a dialect's token endpoint) lock the account, client or address at every other,
 * each answering in its vendor's shape with a Retry-After; on Redis, across two gateway
 * runtimes sharing one key prefix (what two processes would be).
 */

const TIMEOUT_MS = 60_000;
const tag = randomBytes(3).toString('hex');
/** A distinct address per scenario, so no scenario's failures count against another's address. */
const ADDRESS = { a: '198.51.100.1', b: '198.51.100.2', c: '198.51.100.3', dLocked: '198.51.100.4', dOther: '198.51.100.5' };

const USERS = {
  a: userNamed(`lock-a-${tag}`),
  b: userNamed(`lock-b-${tag}`),
  d: userNamed(`lock-d-${tag}`),
};
const CLIENTS = { c: clientNamed(`lock-c-${tag}`), d: clientNamed(`lock-d-${tag}`) };

async function startGateways(config: RawConfig, count: number): Promise<RunningServer[]> {
  const servers: RunningServer[] = [];
  // One after the other: the first creates the store's shared signing key, the next adopts it.
  for (let i = 0; i < count; i++) servers.push(await listen(await startRuntime({ config }), 0, '127.0.0.1', silentLogger));
  return servers;
}

/** A door's answer, reduced to what the test compares: status, body, and the headers named. */
function answer(res: request.Response, headers: string[] = []): Record<string, unknown> {
  return { status: res.status, body: res.body, ...Object.fromEntries(headers.map((h) => [h, res.headers[h]])) };
}

/** A client door's expected refusal in `answer`'s terms. */
function lockedClient(d: (typeof CLIENT_DOORS)[number], ip: string): Record<string, unknown> {
  const { headers, ...expected } = d.locked(ip);
  return { ...expected, ...headers };
}

/** Every password door refuses the user (right password) in its locked-account shape, with a Retry-After. */
async function expectLockedAtEveryPasswordDoor(base: string, user: TestUser, ip: string): Promise<void> {
  for (const d of PASSWORD_DOORS) {
    const res = await d.attempt(base, user, user.password, ip);
    expect({ door: d.name, ...answer(res) }).toEqual({ door: d.name, ...d.locked(user, ip) });
    expectFreshLock(res, d.name);
  }
}

/** Locks a user through the browser sign-in: LOCK.user_failures wrong passwords, the last one answered 429. */
async function lockThroughSignIn(base: string, user: TestUser, ip: string): Promise<void> {
  for (let i = 1; i < LOCK.user_failures; i++) expect((await signIn(base, user.username, 'wrong', ip)).status).toBe(200);
  const last = await signIn(base, user.username, 'wrong', ip);
  expect(last.status).toBe(429);
  expectFreshLock(last, 'sign-in page');
}

/** (a) A user locked at the sign-in page of the first gateway is refused at every password door of the last. */
async function signInLockHoldsAtEveryDoor(servers: RunningServer[]): Promise<void> {
  const [first, last] = [servers[0].url, servers[servers.length - 1].url];
  const user = USERS.a;
  // The right password works everywhere before.
  for (const d of PASSWORD_DOORS) expect({ door: d.name, ok: d.succeeded(await d.attempt(last, user, user.password, ADDRESS.a)) }).toEqual({ door: d.name, ok: true });
  await lockThroughSignIn(first, user, ADDRESS.a);
  await expectLockedAtEveryPasswordDoor(last, user, ADDRESS.a);
  // Even the right password at the sign-in page stays locked.
  expect((await signIn(last, user.username, user.password, ADDRESS.a)).status).toBe(429);
}

function memorySuite(): void {
  describe('one lock-out for every door, memory store, one gateway', () => {
    let servers: RunningServer[] = [];
    beforeAll(async () => {
      servers = await startGateways(lockoutConfig('memory', [USERS.a], []), 1);
    });
    afterAll(() => Promise.all(servers.map((s) => s.shutdown())));

    it('a user locked at the sign-in page is refused at every dialect\'s password door, in its own shape, with Retry-After', () => signInLockHoldsAtEveryDoor(servers), TIMEOUT_MS);
  });
}

memorySuite();

describeWithRedis('one lock-out for every door, real Redis, two gateways sharing one key prefix', () => {
  const prefix = uniquePrefix('lockout-doors');
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    servers = await startGateways(lockoutConfig({ url: REDIS_URL, key_prefix: prefix }, Object.values(USERS), Object.values(CLIENTS)), 2);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.shutdown()));
    await dropPrefix(prefix);
  });
  const [a, b] = [() => servers[0].url, () => servers[1].url];

  it('a user locked at the sign-in page on one gateway is refused at every password door of the other', () => signInLockHoldsAtEveryDoor(servers), TIMEOUT_MS);

  it(
    'wrong passwords at one dialect\'s token endpoint lock the account at the sign-in page (429) and at another dialect',
    async () => {
      const user = USERS.b;
      const spring = door('spring');
      const wrong = () => spring.attempt(a(), user, 'wrong', ADDRESS.b);
      for (let i = 1; i < LOCK.user_failures; i++) {
        expect(answer(await wrong())).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Bad credentials' } });
      }
      // The failure that sets the lock off is answered as the lock-out.
      const last = await wrong();
      expect(answer(last)).toEqual(spring.locked(user, ADDRESS.b));
      expectFreshLock(last, 'spring, the locking failure');

      const page = await signIn(b(), user.username, user.password, ADDRESS.b);
      expect(page.status).toBe(429);
      expectFreshLock(page, 'sign-in page');
      const ciam = door('ciam');
      const res = await ciam.attempt(b(), user, user.password, ADDRESS.b);
      expect(answer(res)).toEqual(ciam.locked(user, ADDRESS.b));
      expectFreshLock(res, 'ciam');
    },
    TIMEOUT_MS,
  );

  it(
    'wrong secrets lock a client: its right secret is refused at every dialect of the other gateway, another client is unaffected',
    async () => {
      const client: TestClient = CLIENTS.c;
      const std = CLIENT_DOORS[0];
      const wrong = () => std.attempt(a(), { ...client, client_secret: 'wrong' }, ADDRESS.c);
      for (let i = 1; i < LOCK.user_failures; i++) {
        expect(answer(await wrong())).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } });
      }
      const last = await wrong();
      expect(answer(last, ['www-authenticate'])).toEqual(lockedClient(std, ADDRESS.c));
      expectFreshLock(last, 'std, the locking failure');

      // The second gateway never verified this secret: nothing cached lets it past the lock.
      for (const d of CLIENT_DOORS) {
        const res = await d.attempt(b(), client, ADDRESS.c);
        const expected = lockedClient(d, ADDRESS.c);
        expect({ door: d.name, ...answer(res, Object.keys(d.locked(ADDRESS.c).headers ?? {})) }).toEqual({ door: d.name, ...expected });
        expectFreshLock(res, d.name);
      }
      const other = await std.attempt(b(), STD_CLIENT, ADDRESS.c);
      expect(other.status).toBe(200);
      expect(typeof other.body.access_token).toBe('string');
    },
    TIMEOUT_MS,
  );

  it(
    'failures from one address lock that address for every account and client, but not another address',
    async () => {
      const user = USERS.d;
      // One failure per account, so only the address reaches its limit; spread over doors and both gateways.
      const doors = [door('standard'), door('cas'), door('iform user'), door('maxkey')];
      for (let i = 1; i < LOCK.address_failures; i++) {
        const res = await doors[i % doors.length].attempt(i % 2 ? a() : b(), userNamed(`nobody-${i}-${tag}`), 'wrong', ADDRESS.dLocked);
        expect({ attempt: i, ok: doors[i % doors.length].succeeded(res), retryAfter: res.headers['retry-after'] }).toEqual({ attempt: i, ok: false, retryAfter: undefined });
      }
      const last = await signIn(a(), `nobody-last-${tag}`, 'wrong', ADDRESS.dLocked);
      expect(last.status).toBe(429);

      // From the locked address, on the other gateway: a user who never failed, with the right
      // password, and a client with its right secret (one that gateway has not verified yet).
      expect((await signIn(b(), user.username, user.password, ADDRESS.dLocked)).status).toBe(429);
      const login = door('iform user');
      const refused = await login.attempt(b(), user, user.password, ADDRESS.dLocked);
      expect(answer(refused)).toEqual(login.locked(user, ADDRESS.dLocked));
      expectFreshLock(refused, 'iform login from the locked address');
      const std = CLIENT_DOORS[0];
      const client = await std.attempt(b(), CLIENTS.d, ADDRESS.dLocked);
      expect(answer(client, ['www-authenticate'])).toEqual(lockedClient(std, ADDRESS.dLocked));
      expectFreshLock(client, 'a client from the locked address');

      // From another address the same user and client pass: neither account was locked.
      for (const d of PASSWORD_DOORS) expect({ door: d.name, ok: d.succeeded(await d.attempt(b(), user, user.password, ADDRESS.dOther)) }).toEqual({ door: d.name, ok: true });
      expect((await signIn(a(), user.username, user.password, ADDRESS.dOther)).status).toBe(303);
      const passes = await std.attempt(b(), CLIENTS.d, ADDRESS.dOther);
      expect({ status: passes.status, token: typeof passes.body.access_token }).toEqual({ status: 200, token: 'string' });
    },
    TIMEOUT_MS,
  );
});
