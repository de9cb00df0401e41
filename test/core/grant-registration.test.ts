import request from 'supertest';
import type { EngineContext } from '../../src/core/context';
import { CoreError } from '../../src/core/errors';
import { issueBundle } from '../../src/core/grants/issue';
import type { GrantHandler, TokenRequest, TokenResult } from '../../src/core/grants/types';
import type { TokenPolicy } from '../../src/core/policy';
import type { Runtime } from '../../src/runtime';
import { startRuntime, testConfig } from '../helpers/gateway';

const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const BASIC = 'Basic ' + Buffer.from('exchanger:ex-secret').toString('base64');

/** A small RFC 8693-style grant: a live access token of the same client becomes a new grant for its subject. */
class ExchangeGrant implements GrantHandler {
  readonly grantType = EXCHANGE;
  constructor(private readonly context: EngineContext, private readonly verify: (token: string | undefined) => ReturnType<Runtime['engine']['verify']>) {}

  async handle(request: TokenRequest, policy: TokenPolicy): Promise<TokenResult> {
    const subjectToken = request.parameters?.subject_token;
    if (typeof subjectToken !== 'string') throw new CoreError('invalid_request', 'subject_token is required', { reason: 'missing_parameter', parameter: 'subject_token' });
    const record = await this.verify(subjectToken);
    if (record.clientId !== request.client.clientId) throw new CoreError('invalid_grant', 'the subject token belongs to another client', { reason: 'client_mismatch' });
    return issueBundle(this.context, { client: request.client, subject: record.subject, scope: record.scope, grantType: this.grantType }, policy, { withRefresh: false });
  }
}

describe('grant handlers are registered, not hard-wired', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    const config = testConfig();
    config.clients!.push({ client_id: 'exchanger', client_secret: 'ex-secret', grant_types: ['password', EXCHANGE], scopes: ['read'] });
    runtime = await startRuntime({ config });
    runtime.engine.registerGrant(new ExchangeGrant(runtime.engine.context, (token) => runtime.engine.verify(token)));
  });
  afterAll(() => runtime.close());

  const token = (form: Record<string, string>) => request(runtime.app).post('/std/token').set('Authorization', BASIC).type('form').send(form);

  it('answers a new grant type through an existing dialect, with the grant\'s own parameters', async () => {
    const login = await token({ grant_type: 'password', username: 'bob', password: 'builder' });
    expect(login.status).toBe(200);
    const exchanged = await token({ grant_type: EXCHANGE, subject_token: login.body.access_token });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.access_token).not.toBe(login.body.access_token);
    const seen = await request(runtime.app).post('/std/introspect').set('Authorization', BASIC).type('form').send({ token: exchanged.body.access_token });
    expect(seen.body).toMatchObject({ active: true, username: 'bob', grant_type: EXCHANGE });
    const missing = await token({ grant_type: EXCHANGE });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });

  it('is refused to a client not allowed it, and a type cannot be registered twice', async () => {
    const other = await request(runtime.app)
      .post('/std/token')
      .set('Authorization', 'Basic ' + Buffer.from('web-app:s3cret').toString('base64'))
      .type('form')
      .send({ grant_type: EXCHANGE, subject_token: 'x' });
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('unauthorized_client');
    expect(() => runtime.engine.registerGrant(new ExchangeGrant(runtime.engine.context, (t) => runtime.engine.verify(t)))).toThrow(/already registered/);
  });
});
