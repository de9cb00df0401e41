import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { TestClock } from '../../helpers/clock';
import { expectSchema } from '../../helpers/schema';
import { basic, casConfig, expectSpringError, PROFILE_NAMES, SEED_QUERY, SEED_SERVICE, seedRequest, type ProfileName } from './cas-gateway';

const PROFILE = '/oauth2.0/profile';

describe.each(PROFILE_NAMES)('CAS /oauth2.0/profile, profile %s', (profile: ProfileName) => {
  let runtime: Runtime;
  const clock = new TestClock();
  beforeAll(async () => {
    runtime = await startRuntime({ config: casConfig(profile), now: clock.now });
  });
  afterAll(() => runtime.close());

  const pretty = profile === 'cas5';
  /** The body as the client parses it, after checking the bytes are what the profile writes. */
  const parsed = (res: request.Response): Record<string, unknown> => {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(res.text).toBe(pretty ? res.text : JSON.stringify(body));
    if (pretty) expect(res.text).toContain('\n  "');
    return body;
  };
  const seedToken = async () => (await seedRequest(runtime, SEED_QUERY)).body.access_token as string;
  const expectProfileError = (res: request.Response, code: string) => {
    expect(res.status).toBe(401);
    const body = parsed(res);
    if (pretty) {
      expectSchema('cas', 'profile-error.cas5.response', body);
      expect(res.text).toBe(`{\n  "error" : [ "${code}" ]\n}`);
    } else {
      expectSchema('cas', 'profile-error.response', body);
      expect(res.text).toBe(`{"error":"${code}"}`);
    }
  };

  it('shows the user of a token given as access_token parameter, in HashMap key order', async () => {
    const res = await request(runtime.app).get(`${PROFILE}?access_token=${await seedToken()}`);
    expect(res.status).toBe(200);
    const body = parsed(res);
    expectSchema('cas', 'profile.response', body);
    expect(Object.keys(body)).toEqual(['service', 'attributes', 'id', 'client_id']);
    expect(body).toEqual({
      service: SEED_SERVICE,
      attributes: { name: 'CAS User', memberOf: 'staff', email: 'casuser@example.org' },
      id: 'xxx',
      client_id: 'xxx',
    });
    expect(Object.keys(body.attributes as object)).toEqual(['name', 'memberOf', 'email']);
    if (pretty) {
      expect(res.text).toBe(
        '{\n  "service" : "https://my_server_url",\n  "attributes" : {\n    "name" : "CAS User",\n    "memberOf" : "staff",\n    "email" : "casuser@example.org"\n  },\n  "id" : "xxx",\n  "client_id" : "xxx"\n}',
      );
    }
  });

  it('takes Authorization: Bearer (any case); the parameter wins over the header', async () => {
    const token = await seedToken();
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await request(runtime.app).get(PROFILE).set('Authorization', `${scheme} ${token}`);
      expect(res.status).toBe(200);
      expect(parsed(res).id).toBe('xxx');
    }
    const res = await request(runtime.app).get(`${PROFILE}?access_token=${token}`).set('Authorization', 'Bearer AT-1-unknown');
    expect(res.status).toBe(200);
  });

  it('records the X-service header as the service', async () => {
    const token = (await request(runtime.app).get(`/oauth2.0/accessToken?${new URLSearchParams(SEED_QUERY)}`).set('X-service', 'https://other.example.org')).body.access_token;
    const body = parsed(await request(runtime.app).get(`${PROFILE}?access_token=${token}`));
    expect(body.service).toBe('https://other.example.org');
  });

  it('flattens attributes for a client set to flat, attributes first', async () => {
    const login = await request(runtime.app).post('/oauth2.0/accessToken').set('Authorization', basic('flat-app', 'flat-secret')).type('form').send({ grant_type: 'password', username: 'xxx', password: 'xxx' });
    const res = await request(runtime.app).get(`${PROFILE}?access_token=${login.body.access_token}`);
    expect(res.status).toBe(200);
    const body = parsed(res);
    expectSchema('cas', 'profile.flat.response', body);
    expect(Object.keys(body)).toEqual(['name', 'memberOf', 'email', 'service', 'id', 'client_id']);
    expect(body).toMatchObject({ id: 'xxx', client_id: 'flat-app', service: 'flat-app', email: 'casuser@example.org' });
  });

  it('shows the client as principal for a client_credentials token', async () => {
    const login = await request(runtime.app).post('/oauth2.0/accessToken').type('form').send({ grant_type: 'client_credentials', client_id: 'xxx', client_secret: 'xxx=' });
    const body = parsed(await request(runtime.app).get(`${PROFILE}?access_token=${login.body.access_token}`));
    expectSchema('cas', 'profile.response', body);
    expect(body).toEqual({ service: 'xxx', attributes: {}, id: 'xxx', client_id: 'xxx' });
  });

  it(profile === 'cas5' ? 'refuses POST with 405 (CAS 5 maps GET only)' : 'answers POST with a form access_token', async () => {
    const token = await seedToken();
    const res = await request(runtime.app).post(PROFILE).type('form').send({ access_token: token });
    if (profile === 'cas5') {
      expectSpringError(profile, res, 405, PROFILE);
    } else {
      expect(res.status).toBe(200);
      expect(parsed(res).id).toBe('xxx');
    }
  });

  describe('errors', () => {
    it('missing_accessToken without a token', async () => {
      expectProfileError(await request(runtime.app).get(PROFILE), 'missing_accessToken');
      expectProfileError(await request(runtime.app).get(`${PROFILE}?access_token=`), 'missing_accessToken');
      expectProfileError(await request(runtime.app).get(PROFILE).set('Authorization', 'Basic eHh4Onh4eD0='), 'missing_accessToken');
    });

    it('expired_accessToken for an unknown token', async () => {
      expectProfileError(await request(runtime.app).get(`${PROFILE}?access_token=AT-1-nope`), 'expired_accessToken');
    });

    it('expired_accessToken for a refresh token', async () => {
      const login = await request(runtime.app).post('/oauth2.0/accessToken').set('Authorization', basic('rt-app', 'rt-secret')).type('form').send({ grant_type: 'password', username: 'xxx', password: 'xxx' });
      expectProfileError(await request(runtime.app).get(`${PROFILE}?access_token=${login.body.refresh_token}`), 'expired_accessToken');
    });

    it('expired_accessToken once the token has lived its 28800 s', async () => {
      const token = await seedToken();
      clock.advance(28800);
      try {
        expectProfileError(await request(runtime.app).get(`${PROFILE}?access_token=${token}`), 'expired_accessToken');
      } finally {
        clock.advance(-28800);
      }
      expect((await request(runtime.app).get(`${PROFILE}?access_token=${token}`)).status).toBe(200);
    });

    it('405 in Spring Boot\'s shape for other methods', async () => {
      expectSpringError(profile, await request(runtime.app).delete(PROFILE), 405, PROFILE);
    });
  });
});
