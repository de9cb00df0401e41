import request from 'supertest';
import { loadConfig } from '../../../src/config/load';
import { demoConfig } from '../../../src/config/demo';
import { CoreError } from '../../../src/core/errors';
import type { Runtime } from '../../../src/runtime';
import { MemoryStore } from '../../../src/store/memory';
import type { TokenStore } from '../../../src/core/store';
import { DIALECTS } from '../../../dialects';
import { startRuntime } from '../../helpers/gateway';
import { expectSchema } from '../../helpers/schema';
import { JWT_HS256, SEED, UUID, decodeJwt, expectOAuth2Error, springConfig, tokenRequest } from './helpers';

describe('the demo configuration answers the Spring seed', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    const demo = loadConfig(demoConfig('http://127.0.0.1:8080'), DIALECTS);
    runtime = await startRuntime({ config: { ...demo, bcrypt: { cost: 4 } } });
  });
  afterAll(() => runtime.close());

  it('RestTemplate form POST to /authorization-server/oauth/token: the seed body with an HS256 JWT', async () => {
    const res = await request(runtime.app)
      .post('/authorization-server/oauth/token')
      .set('Accept', 'application/json;charset=UTF-8')
      .set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8')
      .send(`grant_type=client_credentials&client_id=${encodeURIComponent(SEED.id)}&client_secret=${encodeURIComponent(SEED.secret)}`);
    expect(res.status).toBe(200);
    expectSchema('spring', 'token.response', res.body);
    expect(Object.keys(res.body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope', 'jti']);
    expect(res.body.token_type).toBe('bearer');
    expect(res.body.scope).toBe('read write');
    // The second may tick between minting and writing, as in Spring.
    expect([7198, 7199]).toContain(res.body.expires_in);
    const token = decodeJwt(res.body.access_token);
    expect(token.headerJson).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(Object.keys(token.claims)).toEqual(['scope', 'exp', 'jti', 'client_id']);
    expect(token.claims.jti).toMatch(UUID);
  });
});

describe('spring when the token store fails', () => {
  let runtime: Runtime;
  let failure: Error | undefined;
  const memory = new MemoryStore();
  const store = new Proxy(memory, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'saveTokens') {
        return (...args: unknown[]) => (failure ? Promise.reject(failure) : (value as (...a: unknown[]) => Promise<void>).apply(target, args));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as TokenStore;
  beforeAll(async () => {
    runtime = await startRuntime({ config: springConfig(JWT_HS256), store });
  });
  afterAll(async () => {
    await runtime.close();
    await memory.close();
  });
  afterEach(() => {
    failure = undefined;
  });

  it('an unexpected failure: 500 server_error "Internal Server Error", nothing of the cause', async () => {
    failure = new Error('disk on fire at /var/lib/secret');
    const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    expectOAuth2Error(res, 500, { error: 'server_error', error_description: 'Internal Server Error' });
    expect(res.text).not.toMatch(/disk|fire|at \w+ \(/);
  });

  it('the store unreachable: Spring\'s server_error body with 503 and Retry-After', async () => {
    failure = new CoreError('server_unavailable', 'token store unavailable');
    const res = await tokenRequest(runtime, { grant_type: 'client_credentials' });
    expectOAuth2Error(res, 503, { error: 'server_error', error_description: 'Internal Server Error' });
    expect(res.headers['retry-after']).toBe('1');
  });
});
