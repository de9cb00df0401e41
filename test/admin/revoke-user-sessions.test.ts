import request from 'supertest';
import type { RawConfig } from '../../src/config/types';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { authorizePath, formFields, PORTAL_CODE_REQUEST, queryOf, signInConfig } from '../helpers/signin';
import { ADMIN_TOKEN, bearer } from './helpers';

/*
 * "This user left", in the browser: revoking a user's grants also ends the user's sign-in
 * sessions, on every gateway sharing the store, so no session hands out a new code; other
 * users' sessions live on, and the user may sign in again at once.
 */

const AUTHORIZE = authorizePath(PORTAL_CODE_REQUEST);

function config(store: RawConfig['store']): RawConfig {
  return signInConfig({ store, admin: { enabled: true, token: ADMIN_TOKEN }, dialects: { standard: { enabled: true } } });
}

/** A browser that signed in at `base`: its agent keeps the session cookie. */
async function signedIn(base: string, username: string, password: string) {
  const agent = request.agent(base);
  const page = await agent.get(AUTHORIZE);
  const posted = await agent.post('/signin').type('form').send({ ...formFields(page.text), username, password });
  expect(posted.status).toBe(303);
  return agent;
}

/** What the authorize step gives a browser: a code for the client, or the sign-in page. */
async function authorizeOutcome(agent: ReturnType<typeof request.agent>): Promise<'code' | 'sign-in page'> {
  const answer = await agent.get(AUTHORIZE);
  if (answer.status === 302 || answer.status === 303) {
    expect(queryOf(answer.headers.location).code).toEqual(expect.any(String));
    return 'code';
  }
  expect(answer.status).toBe(200);
  expect(answer.text).toContain('<form method="post" action="/signin"');
  return 'sign-in page';
}

/** `gateways`: how many share the store (one for the memory store, which no two processes share). */
function suite(name: string, gateways: number, store: () => RawConfig['store'], cleanUp: () => Promise<void> = async () => undefined): void {
  describe(`revoking a user's grants ends the user's sessions (${name})`, () => {
    const runtimes: Runtime[] = [];
    const servers: RunningServer[] = [];

    beforeAll(async () => {
      const shared = store();
      for (let i = 0; i < gateways; i++) runtimes.push(await startRuntime({ config: config(shared) }));
      servers.push(...(await Promise.all(runtimes.map((runtime) => listen(runtime, 0, '127.0.0.1', silentLogger)))));
    });

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.shutdown()));
      await cleanUp();
    });

    it('ends every session of the user, here and on the other gateway; others live on; a new sign-in works at once', async () => {
      const [a, b] = [servers[0], servers[servers.length - 1]];
      const aliceHere = await signedIn(a.url, 'alice', 'wonderland');
      const aliceThere = await signedIn(b.url, 'alice', 'wonderland');
      const bob = await signedIn(b.url, 'bob', 'builder');
      for (const browser of [aliceHere, aliceThere, bob]) expect(await authorizeOutcome(browser)).toBe('code');

      const revoked = await request(a.url).delete('/admin/users/alice/grants').set('Authorization', bearer(ADMIN_TOKEN));
      expect(revoked.status).toBe(200);

      expect(await authorizeOutcome(aliceHere)).toBe('sign-in page');
      expect(await authorizeOutcome(aliceThere)).toBe('sign-in page');
      expect(await authorizeOutcome(bob)).toBe('code');
      const again = await signedIn(b.url, 'alice', 'wonderland');
      expect(await authorizeOutcome(again)).toBe('code');
    });

    it("leaves sessions alone when a client's grants are revoked", async () => {
      const bob = await signedIn(servers[0].url, 'bob', 'builder');
      const revoked = await request(servers[0].url).delete('/admin/clients/portal/grants').set('Authorization', bearer(ADMIN_TOKEN));
      expect(revoked.status).toBe(200);
      expect(await authorizeOutcome(bob)).toBe('code');
    });
  });
}

suite('memory', 1, () => 'memory');

const prefix = uniquePrefix('revoke-sessions');
describeWithRedis("revoking a user's grants on Redis shared by two gateways", () =>
  suite(
    'redis',
    2,
    () => ({ url: REDIS_URL, key_prefix: prefix }),
    () => dropPrefix(prefix),
  ),
);
