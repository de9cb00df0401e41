import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';
import { lockoutConfig, PASSWORD_DOORS, signIn, userNamed } from './lockout-doors';

/*
 * bcrypt admission control at every password door, over real sockets: with one worker and no
 * waiting room, of several checks at once the ones that would wait are refused with the
 * dialect's own 503 and `Retry-After: 1`, and a refused check is no failed attempt.
 */

const AT_ONCE = 6;
const TIMEOUT_MS = 60_000;
const user = userNamed('overloaded-user');

describe('bcrypt admission control at every dialect\'s password door', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const config = lockoutConfig('memory', [user], []);
    // Cost 10: one check takes long enough for the others, sent with it, to find the only worker busy.
    config.bcrypt = { cost: 10, threads: 1, max_queue: 0 };
    server = await listen(await startRuntime({ config }), 0, '127.0.0.1', silentLogger);
  }, TIMEOUT_MS);
  afterAll(() => server.shutdown());

  for (const door of PASSWORD_DOORS) {
    it(
      `${door.name}: refuses what would wait with its 503 and Retry-After: 1, lets the rest through`,
      async () => {
        const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => door.attempt(server.url, user, user.password, '203.0.113.9')));
        const refused = answers.filter((res) => !door.succeeded(res));
        const shapes = refused.map((res) => ({ status: res.status, body: res.body, retryAfter: res.headers['retry-after'] }));
        expect(shapes).toEqual(refused.map(() => ({ ...door.overloaded, retryAfter: '1' })));
        expect({ refused: refused.length > 0, served: refused.length < AT_ONCE }).toEqual({ refused: true, served: true });
      },
      TIMEOUT_MS,
    );
  }

  it('counts no refused check as a failed attempt: the account signs in afterwards', async () => {
    expect((await signIn(server.url, user.username, user.password, '203.0.113.9')).status).toBe(303);
  });
});
