import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { APP, APP_SECRET, decodeJwt, expectEnvelope, maxkeyConfig, passwordForm, tokenPost, UUID, ZHANGSAN } from './helpers';

const ME = '/sign/api/oauth/v20/me';
const USERINFO = '/sign/api/connect/v10/userinfo';
const CHECK = '/sign/authz/oauth/v20/check_token';
const INTROSPECT = '/sign/authz/oauth/v20/introspect';
const ME_KEYS = ['birthday', 'gender', 'displayName', 'departmentId', 'mobile', 'createdate', 'title', 'userId', 'online_ticket', 'employeeNumber', 'realname', 'institution', 'randomId', 'state', 'department', 'user', 'email', 'username'];

describe('MaxKey resource endpoints', () => {
  let runtime: Runtime;
  const clock = new TestClock();
  let userToken: string;
  let clientToken: string;
  beforeAll(async () => {
    runtime = await startRuntime({ config: maxkeyConfig(), now: clock.now });
    userToken = (await tokenPost(runtime, passwordForm({ scope: 'openid profile email phone read' }))).body.access_token;
    clientToken = (await tokenPost(runtime, { grant_type: 'client_credentials', client_id: APP, client_secret: APP_SECRET, scope: 'read' })).body.access_token;
  });
  afterAll(() => runtime.close());

  function expectMeError(res: request.Response, error: string, description: string): void {
    expect(res.status).toBe(200);
    expectSchema('maxkey', 'me-error.response', res.body);
    expect(res.body).toEqual({ error_description: description, error });
    expect(Object.keys(res.body)).toEqual(['error_description', 'error']);
  }

  describe('/api/oauth/v20/me', () => {
    it('the flat HashMap of the default adapter, nulls included, from the user attributes; token as access_token, token or Bearer', async () => {
      const viaParam = await request(runtime.app).get(`${ME}?access_token=${userToken}`);
      expect(viaParam.status).toBe(200);
      expect(viaParam.headers['content-type']).toMatch(/^application\/json/);
      expect(viaParam.headers['cache-control']).toContain('no-store');
      expect(viaParam.headers.expires).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
      expectSchema('maxkey', 'me.response', viaParam.body);
      expect(Object.keys(viaParam.body)).toEqual(ME_KEYS);
      expect(viaParam.body).toMatchObject({
        birthday: ZHANGSAN.birthday,
        gender: 2,
        displayName: '张三',
        departmentId: '1',
        mobile: null,
        createdate: 1700000000000,
        title: '工程师',
        userId: '1782301842817249280',
        employeeNumber: 'E001',
        realname: '张三',
        institution: '1',
        state: null,
        department: '研发部',
        user: 'zhangsan',
        email: 'z@x.com',
        username: 'zhangsan',
      });
      expect(viaParam.body.randomId).toMatch(UUID);
      const viaToken = await request(runtime.app).post(ME).type('form').send({ token: userToken });
      expect(viaToken.body.username).toBe('zhangsan');
      const viaBearer = await request(runtime.app).get(ME).set('Authorization', `bearer ${userToken}`);
      expect(viaBearer.body.userId).toBe('1782301842817249280');
      expect(viaBearer.body.randomId).not.toBe(viaParam.body.randomId);
    });

    it('the app subject setting picks user/username', async () => {
      const token = (await tokenPost(runtime, { grant_type: 'password', client_id: 'normal-app', client_secret: 'normal-secret', username: 'zhangsan', password: 'maxkey', scope: 'read' })).body.access_token;
      const res = await request(runtime.app).get(ME).set('Authorization', `Bearer ${token}`);
      expect(res.body).toMatchObject({ user: '1782301842817249280', username: '1782301842817249280' });
    });

    it('errors: token Format Invalid, unknown, missing, expired; a client_credentials token gets the envelope', async () => {
      expectMeError(await request(runtime.app).get(`${ME}?access_token=not-a-uuid`), 'token Format Invalid', 'access Token Format Invalid , access_token : not-a-uuid');
      expectMeError(await request(runtime.app).get(ME), 'token Format Invalid', 'access Token Format Invalid , access_token : null');
      const unknown = 'a1b2c3d4-0000-4000-8000-000000000000';
      expectMeError(await request(runtime.app).get(`${ME}?access_token=${unknown}`), 'invalid_token', `Invalid access token: ${unknown}`);
      expectEnvelope(await request(runtime.app).get(`${ME}?access_token=${clientToken}`), 'No user is associated with this access token');
      const shortLived = (await tokenPost(runtime, passwordForm({ username: 'bob', password: 'builder' }))).body.access_token;
      clock.advance(301);
      try {
        expectMeError(await request(runtime.app).get(`${ME}?access_token=${shortLived}`), 'invalid_token', `Access token expired: ${shortLived}`);
      } finally {
        clock.advance(-301);
      }
    });
  });

  describe('/api/connect/v10/userinfo', () => {
    it('an unsigned JWT by default, with the claims of the granted scopes', async () => {
      const res = await request(runtime.app).get(USERINFO).set('Authorization', `Bearer ${userToken}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/jwt/);
      expect(res.text.startsWith('eyJhbGciOiJub25lIn0.')).toBe(true);
      expect(res.text.endsWith('.')).toBe(true);
      const { header, payload } = decodeJwt(res.text);
      expect(header).toEqual({ alg: 'none' });
      expectSchema('maxkey', 'userinfo.response', payload);
      expect(payload).toMatchObject({ sub: 'zhangsan', institution: '1', userId: '1782301842817249280', gender: 'male', email: 'z@x.com', email_verified: false, phone_number: null, phone_number_verified: false, aud: APP });
    });

    it('JSON for a NORMAL app; without the profile scope only the base claims', async () => {
      const token = (await tokenPost(runtime, { grant_type: 'password', client_id: 'normal-app', client_secret: 'normal-secret', username: 'zhangsan', password: 'maxkey', scope: 'openid' })).body.access_token;
      const res = await request(runtime.app).post(USERINFO).type('form').send({ access_token: token });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectSchema('maxkey', 'userinfo.response', res.body);
      expect(Object.keys(res.body).sort()).toEqual(['aud', 'exp', 'iat', 'institution', 'jti', 'online_ticket', 'sub']);
      expect(res.body.sub).toBe('1782301842817249280');
    });

    it('shares /me errors', async () => {
      expectMeError(await request(runtime.app).get(`${USERINFO}?access_token=xyz`), 'token Format Invalid', 'access Token Format Invalid , access_token : xyz');
    });
  });

  describe('check_token and introspect', () => {
    it('check_token: the converter map in HashMap order, user and client tokens', async () => {
      expectSchema('maxkey', 'check_token.request', { token: userToken });
      const res = await request(runtime.app).post(CHECK).type('form').send({ token: userToken });
      expect(res.status).toBe(200);
      expectSchema('maxkey', 'check_token.response', res.body);
      expect(Object.keys(res.body)).toEqual(['aud', 'user_name', 'scope', 'active', 'exp', 'authorities', 'client_id']);
      expect(res.body).toMatchObject({ aud: [APP], user_name: 'zhangsan', active: true, authorities: ['ROLE_USER'], client_id: APP, scope: ['email', 'openid', 'phone', 'profile', 'read'] });
      const client = await request(runtime.app).post(CHECK).type('form').send({ token: clientToken });
      expectSchema('maxkey', 'check_token.response', client.body);
      expect(Object.keys(client.body)).toEqual(['aud', 'scope', 'active', 'exp', 'authorities', 'client_id']);
      expect(client.body.authorities).toEqual(['ROLE_CLIENT', 'ROLE_TRUSTED_CLIENT']);
    });

    it('check_token errors: the GlobalExceptionHandler envelope', async () => {
      expectEnvelope(await request(runtime.app).post(CHECK).type('form').send({ token: 'garbage' }), 'Token was not recognised');
      expectEnvelope(await request(runtime.app).post(CHECK).type('form').send({}), '请求的对象参数校验异常');
      expectEnvelope(await request(runtime.app).get(`${CHECK}?token=${userToken}`), 'Method Not Allowed', 405);
      const shortLived = (await tokenPost(runtime, passwordForm({ username: 'bob', password: 'builder' }))).body.access_token;
      clock.advance(301);
      try {
        expectEnvelope(await request(runtime.app).post(CHECK).type('form').send({ token: shortLived }), 'Token has expired');
      } finally {
        clock.advance(-301);
      }
    });

    it('introspect: {token, active, sub} without client authentication', async () => {
      expectSchema('maxkey', 'introspect.request', { token: userToken });
      const user = await request(runtime.app).post(INTROSPECT).type('form').send({ token: userToken });
      expectSchema('maxkey', 'introspect.response', user.body);
      expect(user.body).toEqual({ token: userToken, active: true, sub: 'zhangsan' });
      expect(Object.keys(user.body)).toEqual(['token', 'active', 'sub']);
      const client = await request(runtime.app).get(`${INTROSPECT}?access_token=${clientToken}`);
      expect(client.body).toEqual({ token: clientToken, active: true, sub: APP });
      const bearer = await request(runtime.app).get(INTROSPECT).set('Authorization', 'Bearer nope');
      expectSchema('maxkey', 'introspect.response', bearer.body);
      expect(bearer.body).toEqual({ token: 'nope', active: false, sub: null });
      const none = await request(runtime.app).get(INTROSPECT);
      expect(none.body).toEqual({ token: null, active: false, sub: null });
    });
  });

  describe('metadata', () => {
    it('jwks: the gateway keys for a known or no client_id; plain text for an unknown one', async () => {
      const known = await request(runtime.app).get(`/sign/authz/oauth/v20/jwks?client_id=${APP}`);
      expectSchema('maxkey', 'jwks.response', known.body);
      const unknown = await request(runtime.app).post('/sign/authz/oauth/v20/jwks?client_id=ghost');
      expect(unknown.status).toBe(200);
      expect(unknown.headers['content-type']).toMatch(/^text\/plain/);
      expect(unknown.text).toBe('ghost not exist . \n4.1.12');
      // The gateway's own choice: an echoed id answered as text, never sniffed as HTML.
      expect(unknown.headers['x-content-type-options']).toBe('nosniff');
    });

    it('jwks: an unknown client_id is echoed without control characters and cut short', async () => {
      // The gateway's own choice: MaxKey echoes the id as given; the stripping and the 128-character cut are the gateway's.
      const nul = await request(runtime.app).get(`/sign/authz/oauth/v20/jwks?client_id=${encodeURIComponent('gh\u0000o\u001bst\u007f')}`);
      expect(nul.text).toBe('ghost not exist . \n4.1.12');
      const long = await request(runtime.app).get(`/sign/authz/oauth/v20/jwks?client_id=${'x'.repeat(5000)}`);
      expect(long.text).toBe(`${'x'.repeat(128)} not exist . \n4.1.12`);
    });

    it('discovery under /sign, at both paths', async () => {
      for (const path of ['/sign/authz/oauth/v20/.well-known/openid-configuration', '/sign/.well-known/openid-configuration']) {
        const res = await request(runtime.app).get(path);
        expect(res.status).toBe(200);
        expectSchema('maxkey', 'discovery.response', res.body);
        expect(res.body).toMatchObject({
          issuer: 'http://gateway.test/sign/maxkey',
          token_endpoint: 'http://gateway.test/sign/authz/oauth/v20/token',
          userinfo_endpoint: 'http://gateway.test/sign/api/connect/v10/userinfo',
          jwks_uri: 'http://gateway.test/sign/authz/oauth/v20/jwks',
        });
      }
    });
  });
});
