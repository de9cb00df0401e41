import request from 'supertest';
import { loadConfig } from '../../../src/config/load';
import { DIALECTS } from '../../../dialects';
import type { Runtime } from '../../../src/runtime';
import { TestClock } from '../../helpers/clock';
import { apply, CLIENT, expectState, expectSuccess, iformConfig, passwordLogin, post, startIform } from './helpers';

describe('iform configuration', () => {
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });

  it('mounts on base_path (the vendor\'s own default is /ibps)', async () => {
    runtime = await startIform({ enabled: true, base_path: '/ibps' });
    const res = await request(runtime.app).post('/ibps/oauth2/v3/authentication/apply').send({ ...CLIENT, grant_type: 'client_credentials' });
    expectSuccess(res, 'apply.response');
    expect((await request(runtime.app).post('/iform/oauth2/v3/authentication/apply').send({})).status).toBe(404);
  });

  it('TTLs, publisher/applicant, uids and state texts are configurable', async () => {
    runtime = await startIform({
      enabled: true,
      access_token_ttl: 600,
      refresh_token_ttl: 1200,
      publisher_applicant: 'identity',
      client_credentials_uid: 'null',
      switch_uid: 'target',
      states: { bad_credentials: { message: 'bad username or password' }, permission_denied: { state: 6010105 } },
    });
    const login = await passwordLogin(runtime);
    expect(login).toMatchObject({ publisher: 'iform', applicant: 'iform', expires_in: 600, remind_in: 1200 });
    const cc = await apply(runtime, { ...CLIENT, grant_type: 'client_credentials' });
    expect(cc.body.data).toMatchObject({ uid: null, publisher: 'iform', applicant: 'iform' });
    const switched = await post(runtime, '/authentication/switch', { username: 'zjh' }, login.access_token as string);
    expect(switched.body.data.uid).toBe('626353848415420999');
    const wrong = await apply(runtime, { ...CLIENT, username: 'iform', password: 'x', grant_type: 'password_credentials' });
    expectState(wrong, 6020101);
    expect(wrong.body.message).toBe('bad username or password');
    const zjh = await passwordLogin(runtime, 'zjh', 'zjh-password');
    expectState(await post(runtime, '/authentication/query', {}, zjh.access_token as string), 6010105);
  });

  it('without refresh_without_client_auth a refresh needs the client\'s credentials', async () => {
    runtime = await startIform({ enabled: true, refresh_without_client_auth: false });
    const login = await passwordLogin(runtime);
    expectState(await apply(runtime, { refresh_token: login.refresh_token, grant_type: 'refresh_token' }), 6010101);
    expectSuccess(await apply(runtime, { ...CLIENT, refresh_token: login.refresh_token, grant_type: 'refresh_token' }), 'apply.response');
  });

  it('default_client_id serves password grants sent without a client', async () => {
    runtime = await startIform({ enabled: true, default_client_id: 'iform' });
    const res = await apply(runtime, { username: 'iform', password: '123456', grant_type: 'password_credentials' });
    expectSuccess(res, 'apply.response');
    const verify = await post(runtime, `/authentication/verify?access_token=${res.body.data.access_token}`);
    expect(verify.body.variables.clientId).toBe('iform');
  });

  it('switch_exit_checks_username refuses an exit naming someone else', async () => {
    runtime = await startIform({ enabled: true, switch_exit_checks_username: true });
    const admin = await passwordLogin(runtime);
    const switched = await post(runtime, '/authentication/switch', { username: 'zjh' }, admin.access_token as string);
    expectState(await post(runtime, '/authentication/switch/exit', { username: 'zjh' }, switched.body.data.access_token), 6010101);
    expectSuccess(await post(runtime, '/authentication/switch/exit', { username: 'iform' }, switched.body.data.access_token), 'switch-exit.response');
  });

  it('query dates follow time_zone', async () => {
    const clock = new TestClock();
    runtime = await startIform({ enabled: true, time_zone: 'UTC' }, { clock });
    const login = await passwordLogin(runtime);
    const res = await post(runtime, '/authentication/query', { requestPage: { limit: 1000 } }, login.access_token as string);
    const row = res.body.data.dataResult.find((r: Record<string, unknown>) => r.accessToken === login.access_token);
    const expiresAt = clock.now() + 28800;
    const utc = new Date(expiresAt * 1000).toISOString().replace('T', ' ').slice(0, 19);
    expect(row.accessTokenTtlDate).toBe(utc);
  });

  it('refuses unknown keys and bad values at load, and an unknown time zone at start-up', async () => {
    expect(() => loadConfig(iformConfig({ enabled: true, colour: 'red' }), DIALECTS)).toThrow(/unknown key "colour"/);
    expect(() => loadConfig(iformConfig({ enabled: true, states: { invalid_token: { state: 'x' } } }), DIALECTS)).toThrow(/states/);
    await expect(startIform({ enabled: true, time_zone: 'Mars/Olympus_Mons' })).rejects.toThrow();
  });
});
