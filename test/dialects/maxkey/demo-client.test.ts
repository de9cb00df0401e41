import request from 'supertest';
import { demoConfig } from '../../../src/config/demo';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { formFields, queryOf } from '../../helpers/signin';

const APP = '856237911190798336';
const SECRET = 'maxkey-demo-secret';
const CALLBACK = 'http://localhost:8080/callback';

/** A JustAuth/RuoYi-style MaxKey client: every call is read as JSON and fails on an `error` or `message` key, never on the status. */
class MaxKeyClient {
  constructor(private readonly runtime: Runtime) {}

  private static check(body: Record<string, unknown>): Record<string, unknown> {
    if ('error' in body) throw new Error(`${String(body.error)}: ${String(body.error_description)}`);
    if ('message' in body) throw new Error(String(body.message));
    return body;
  }

  async token(code: string): Promise<Record<string, unknown>> {
    // JustAuth puts every parameter in the query string of a POST.
    const query = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: APP, client_secret: SECRET, redirect_uri: CALLBACK });
    const res = await request(this.runtime.app).post(`/sign/authz/oauth/v20/token?${query.toString()}`);
    return MaxKeyClient.check(res.body as Record<string, unknown>);
  }

  async me(accessToken: string): Promise<Record<string, unknown>> {
    const res = await request(this.runtime.app).get('/sign/api/oauth/v20/me').set('Authorization', `Bearer ${accessToken}`);
    return MaxKeyClient.check(res.body as Record<string, unknown>);
  }

  async userinfo(accessToken: string): Promise<Record<string, unknown>> {
    const res = await request(this.runtime.app).post(`/sign/api/connect/v10/userinfo?access_token=${accessToken}`);
    return MaxKeyClient.check(res.body as Record<string, unknown>);
  }
}

describe('A JustAuth-style MaxKey client against the demo configuration', () => {
  let runtime: Runtime;
  let client: MaxKeyClient;
  beforeAll(async () => {
    runtime = await startRuntime({ config: { ...demoConfig('http://127.0.0.1:8080'), bcrypt: { cost: 4 } } });
    client = new MaxKeyClient(runtime);
  });
  afterAll(() => runtime.close());

  async function authorizationCode(): Promise<string> {
    const agent = request.agent(runtime.app);
    const path = `/sign/authz/oauth/v20/authorize?${new URLSearchParams({ response_type: 'code', client_id: APP, redirect_uri: CALLBACK, scope: 'openid profile email', state: 'st' }).toString()}`;
    const page = await agent.get(path);
    const posted = await agent.post('/signin').type('form').send({ ...formFields(page.text), username: 'zhangsan', password: 'maxkey' });
    const back = await agent.get(posted.headers.location);
    return queryOf(back.headers.location).code;
  }

  it('logs a user in: token, me and userinfo (NORMAL app: JSON)', async () => {
    const tokens = await client.token(await authorizationCode());
    expectSchema('maxkey', 'token.response', tokens);
    expect(Object.keys(tokens)).toEqual(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token']);
    const me = await client.me(tokens.access_token as string);
    expectSchema('maxkey', 'me.response', me);
    expect(me).toMatchObject({ userId: '1782301842817249280', username: 'zhangsan', displayName: '张三', email: 'z@x.com', realname: '张三', gender: 2 });
    const info = await client.userinfo(tokens.access_token as string);
    expectSchema('maxkey', 'userinfo.response', info);
    expect(info).toMatchObject({ sub: 'zhangsan', email: 'z@x.com', name: '张三' });
  });

  it('detects failures by their keys at HTTP 200', async () => {
    await expect(client.token('ABC')).rejects.toThrow('invalid_request: The code is not valid format .');
    await expect(client.me('not-a-uuid')).rejects.toThrow('token Format Invalid: access Token Format Invalid , access_token : not-a-uuid');
    const cc = await request(runtime.app).post(`/sign/authz/oauth/v20/token?client_id=${APP}&client_secret=${SECRET}&scope=read`);
    await expect(client.me(cc.body.access_token)).rejects.toThrow('No user is associated with this access token');
  });
});
