import request from 'supertest';
import type { Runtime } from '../../../src/runtime';
import { startRuntime } from '../../helpers/gateway';
import { casConfig, PROFILE_NAMES, SEED_SERVICE } from './cas-gateway';

/*
 * The shared lock-out in every CAS profile: at the token endpoint, the throttling module's 423
 * on the profile's Spring Boot error page; at introspection and revocation, their own client
 * refusal. Each with a Retry-After.
 *
 * Source of the 423 and its message: CAS `DefaultThrottledRequestResponseHandler` (6.0+) and
 * 5.x's `AbstractThrottledSubmissionHandlerInterceptorAdapter.preHandle`, both
 * `sendError(423, "Access Denied for user [" + escapeHtml4(username) + "] from IP Address [" + remoteAddr + "]")`.
 * The gateway's own choices: the Retry-After (CAS sends none), a locked client answered by the
 * same 423 with user N/A, and the lock-out reaching introspection and revocation at all.
 */

const LOCK = { user_failures: 2, address_failures: 50, window: 300, duration: 90 };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function retryAfter(res: request.Response): number {
  return Number(res.headers['retry-after']);
}

describe.each(PROFILE_NAMES)('lock-out, %s', (profile) => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: casConfig(profile, {}, { signin: { lockout: LOCK } }) });
  });
  afterAll(() => runtime.close());

  const token = (params: Record<string, string>) => request(runtime.app).post('/oauth2.0/accessToken').type('form').send({ service: SEED_SERVICE, ...params });

  it('answers a locked account at the password grant with the 423 of the throttling module', async () => {
    const grant = (password: string) => token({ grant_type: 'password', client_id: 'xxx', client_secret: 'xxx=', username: 'p@ss', password });
    expect((await grant('wrong')).status).toBe(401);
    const locking = await grant('wrong');
    const res = await grant('p&ss=word+1');
    for (const answer of [locking, res]) {
      expect(answer.status).toBe(423);
      expect(answer.body).toMatchObject({ status: 423, error: 'Locked', path: '/oauth2.0/accessToken' });
      expect(answer.body.exception).toBeUndefined();
      expect(retryAfter(answer)).toBeGreaterThan(LOCK.duration - 30);
      expect(retryAfter(answer)).toBeLessThanOrEqual(LOCK.duration);
    }
    expect(res.body.message).toMatch(/^Access Denied for user \[p@ss\] from IP Address \[(::ffff:)?127\.0\.0\.1\]$/);
  });

  it('answers a locked client at the token endpoint with the same 423, naming no user', async () => {
    const grant = (secret: string) => token({ grant_type: 'client_credentials', client_id: 'narrow-app', client_secret: secret });
    for (let i = 0; i < LOCK.user_failures; i++) await grant('wrong');
    const res = await grant('narrow-secret');
    expect(res.status).toBe(423);
    expect(retryAfter(res)).toBeGreaterThan(0);
    expect(res.body.message).toMatch(/^Access Denied for user \[N\/A\] from IP Address \[(::ffff:)?127\.0\.0\.1\]$/);
  });

  if (profile !== 'cas5') {
    it('answers a locked client at introspection and revocation with their own 401 and a Retry-After', async () => {
      const introspect = (secret: string) => request(runtime.app).post('/oauth2.0/introspect').set('Authorization', basic('rt-app', secret)).type('form').send({ token: 'AT-1-x' });
      for (let i = 0; i < LOCK.user_failures; i++) await introspect('wrong');
      const refused = await introspect('rt-secret');
      expect({ status: refused.status, body: refused.body, challenge: refused.headers['www-authenticate'] }).toEqual({
        status: 401,
        body: { error: 'invalid_client' },
        challenge: 'Basic realm="CAS"',
      });
      expect(retryAfter(refused)).toBeGreaterThan(0);
      const revoke = await request(runtime.app).post('/oauth2.0/revoke').type('form').send({ token: 'AT-1-x', client_id: 'rt-app', client_secret: 'rt-secret' });
      expect(revoke.status).toBe(401);
      expect(revoke.body).toMatchObject({ status: 401, error: 'Unauthorized' });
      expect(retryAfter(revoke)).toBeGreaterThan(0);
    });
  }
});
