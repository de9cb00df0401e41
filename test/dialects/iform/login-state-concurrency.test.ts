import type { Runtime } from '../../../src/runtime';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../../helpers/redis';
import { CLIENT, apply, expectSuccess, post, startIform } from './helpers';

/** N concurrent authorize/apply calls with one login_state: exactly one gets a code. */
async function race(runtime: Runtime): Promise<void> {
  const login = await post(runtime, '/user/login/apply', { username: 'iform', password: '123456' });
  expectSuccess(login, 'login.response');
  const answers = await Promise.all(Array.from({ length: 10 }, () => post(runtime, '/authorize/apply', { client_id: 'iform', login_state: login.body.data })));
  const codes = answers.filter((r) => r.body.state === 200);
  expect(codes).toHaveLength(1);
  expect(answers.filter((r) => r.body.state === 6020201)).toHaveLength(9);
  const exchanged = await apply(runtime, { ...CLIENT, authorize_code: codes[0].body.data, grant_type: 'authorization_code' });
  expectSuccess(exchanged, 'apply.response');
}

describe('iform login_state on the memory store', () => {
  it('is redeemed once under concurrency', async () => {
    const runtime = await startIform();
    try {
      await race(runtime);
    } finally {
      await runtime.close();
    }
  });
});

describeWithRedis('iform login_state on Redis', () => {
  const prefix = uniquePrefix('iform');
  afterAll(() => dropPrefix(prefix));

  it('is redeemed once under concurrency, and the flow works across two gateways on one store', async () => {
    const store = { url: REDIS_URL, key_prefix: prefix };
    const first = await startIform({ enabled: true }, { overrides: { store } });
    const second = await startIform({ enabled: true }, { overrides: { store } });
    try {
      await race(first);
      const login = await post(first, '/user/login/apply', { username: 'iform', password: '123456' });
      const code = await post(second, '/authorize/apply', { client_id: 'iform', login_state: login.body.data });
      expectSuccess(code, 'authorize.response');
      const token = await apply(first, { ...CLIENT, authorize_code: code.body.data, grant_type: 'authorization_code' });
      expectSuccess(token, 'apply.response');
      expectSuccess(await post(second, `/authentication/verify?access_token=${token.body.data.access_token}`), 'verify.response');
    } finally {
      await first.close();
      await second.close();
    }
  });
});
