import request from 'supertest';
import { CoreError } from '../../../src/core/errors';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { formFields, queryOf } from '../../helpers/signin';
import { APP, APP_SECRET, CALLBACK, maxkeyConfig, passwordForm, tokenPost, UUID } from './helpers';

const authorizePath = (params: Record<string, string>, base = '/sign/authz/oauth/v20/authorize') => {
  expectSchema('maxkey', 'authorize.request', params);
  return `${base}?${new URLSearchParams(params).toString()}`;
};

describe('MaxKey authorize on the shared browser sign-in, and tokens shared with the other dialects', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: maxkeyConfig() });
  });
  afterAll(() => runtime.close());

  it('signs in, redirects with a UUID code and the state, and the code buys tokens (both authorize paths)', async () => {
    const agent = request.agent(runtime.app);
    const path = authorizePath({ response_type: 'code', client_id: APP, redirect_uri: CALLBACK, scope: 'openid read', state: 'xyz', nonce: 'n-0' });
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const posted = await agent.post('/signin').type('form').send({ ...formFields(page.text), username: 'zhangsan', password: 'maxkey' });
    expect(posted.status).toBe(303);
    const back = await agent.get(posted.headers.location);
    expect(back.status).toBe(302);
    const query = queryOf(back.headers.location);
    expect(back.headers.location.startsWith(`${CALLBACK}?`)).toBe(true);
    expect(Object.keys(query)).toEqual(['code', 'state']);
    expect(query.code).toMatch(UUID);
    expect(query.state).toBe('xyz');
    const tokens = await tokenPost(runtime, { grant_type: 'authorization_code', client_id: APP, client_secret: APP_SECRET, code: query.code, redirect_uri: CALLBACK });
    expectSchema('maxkey', 'token.response', tokens.body);
    expect(Object.keys(tokens.body)).toEqual(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token']);

    const alias = await agent.get(authorizePath({ response_type: 'code', client_id: APP, redirect_uri: CALLBACK, scope: 'read' }, '/sign/oauth2/authorize'));
    expect(alias.status).toBe(302);
    expect(queryOf(alias.headers.location).code).toMatch(UUID);
  });

  it('refuses response_type=token (implicit) for an app not allowed the implicit grant', async () => {
    const res = await request(runtime.app).get(authorizePath({ response_type: 'token', client_id: APP, redirect_uri: CALLBACK, state: 's' }));
    expect(res.status).toBe(302);
    expect(queryOf(res.headers.location)).toMatchObject({ error: 'unauthorized_client', state: 's' });
  });

  it('implicit: tokens in the fragment (access_token, token_type, state, expires_in, scope only when it differs), no refresh token', async () => {
    const config = maxkeyConfig();
    const app = config.clients!.find((c) => c.client_id === APP)!;
    app.grant_types = [...app.grant_types!, 'implicit'];
    const implicitRuntime = await startRuntime({ config });
    try {
      const agent = request.agent(implicitRuntime.app);
      const page = await agent.get(authorizePath({ response_type: 'token', client_id: APP, redirect_uri: CALLBACK, scope: 'read', state: 'st' }));
      const posted = await agent.post('/signin').type('form').send({ ...formFields(page.text), username: 'zhangsan', password: 'maxkey' });
      const back = await agent.get(posted.headers.location);
      expect(back.status).toBe(302);
      const location = new URL(back.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(location.search).toBe('');
      const fragment = new URLSearchParams(location.hash.slice(1));
      expect([...fragment.keys()]).toEqual(['access_token', 'token_type', 'state', 'expires_in']);
      expect(fragment.get('access_token')).toMatch(UUID);
      expect(fragment.get('token_type')).toBe('bearer');
      expect(fragment.get('state')).toBe('st');
      expect(Number(fragment.get('expires_in'))).toBe(299);
      const facts = await request(implicitRuntime.app).post('/std/introspect').set('Authorization', `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`).type('form').send({ token: fragment.get('access_token') });
      expect(facts.body).toMatchObject({ active: true, grant_type: 'implicit', username: 'zhangsan', scope: 'read' });

      const widened = await agent.get(authorizePath({ response_type: 'token', client_id: APP, redirect_uri: CALLBACK }));
      const all = new URLSearchParams(new URL(widened.headers.location).hash.slice(1));
      expect(all.get('scope')).toBe('email openid phone profile read');
    } finally {
      await implicitRuntime.close();
    }
  });

  it('a MaxKey token introspects at /std/introspect', async () => {
    const token = (await tokenPost(runtime, passwordForm())).body.access_token;
    const facts = await request(runtime.app).post('/std/introspect').set('Authorization', `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`).type('form').send({ token });
    expect(facts.status).toBe(200);
    expectSchema('standard', 'introspect.response', facts.body);
    expect(facts.body).toMatchObject({ active: true, client_id: APP, username: 'zhangsan', scope: 'read' });
  });

  it('/api/oauth/v20/me and check_token accept a token from /std/token', async () => {
    const std = await request(runtime.app).post('/std/token').type('form').send({ grant_type: 'password', client_id: 'web-app', client_secret: 's3cret', username: 'zhangsan', password: 'maxkey', scope: 'read' });
    expect(std.status).toBe(200);
    const me = await request(runtime.app).get('/sign/api/oauth/v20/me').set('Authorization', `Bearer ${std.body.access_token}`);
    expect(me.status).toBe(200);
    expectSchema('maxkey', 'me.response', me.body);
    expect(me.body).toMatchObject({ userId: '1782301842817249280', username: 'zhangsan', displayName: '张三', email: 'z@x.com' });
    const check = await request(runtime.app).post('/sign/authz/oauth/v20/check_token').type('form').send({ token: std.body.access_token });
    expectSchema('maxkey', 'check_token.response', check.body);
    expect(check.body.client_id).toBe('web-app');
  });

  it('the token store down: 503 with the envelope at the token, me and check_token endpoints', async () => {
    const down = await startRuntime({ config: maxkeyConfig() });
    try {
      const token = (await tokenPost(down, passwordForm())).body.access_token;
      const store = down.engine.context.store;
      jest.spyOn(store, 'saveTokens').mockRejectedValue(new CoreError('server_unavailable', 'the token store is unavailable'));
      jest.spyOn(store, 'findToken').mockRejectedValue(new CoreError('server_unavailable', 'the token store is unavailable'));
      const responses = [
        await tokenPost(down, { grant_type: 'client_credentials', client_id: 'machine', client_secret: 'machine:secret' }),
        await request(down.app).get(`/sign/api/oauth/v20/me?access_token=${token}`),
        await request(down.app).post('/sign/authz/oauth/v20/check_token').type('form').send({ token }),
      ];
      for (const res of responses) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('1');
        expectSchema('maxkey', 'envelope.response', res.body);
        expect(res.body).toEqual({ code: 2, message: 'Service Unavailable', data: null });
      }
    } finally {
      await down.close();
    }
  });
});
