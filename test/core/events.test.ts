import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { DIALECTS } from '../../dialects';
import { standardPolicy } from '../../dialects/standard/config';
import { loadConfig } from '../../src/config/load';
import type { CoreEventName, CoreEvents } from '../../src/core/events';
import { attemptSignIn } from '../../src/core/signin/attempt';
import { createRuntime, type Runtime } from '../../src/runtime';
import { testConfig } from '../helpers/gateway';

const BASIC = 'Basic ' + Buffer.from('web-app:s3cret').toString('base64');
type Seen = { [K in CoreEventName]: { name: K; event: CoreEvents[K] } }[CoreEventName];

describe('core events', () => {
  let runtime: Runtime;
  const seen: Seen[] = [];
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    runtime = await createRuntime({ config: loadConfig(testConfig(), DIALECTS), dialects: DIALECTS, logger: pino({ level: 'warn' }, sink) });
    const names: CoreEventName[] = ['token_issued', 'token_refreshed', 'token_revoked', 'reuse_detected', 'authentication_failed', 'locked_out'];
    for (const name of names) runtime.engine.context.events.on(name, (event) => seen.push({ name, event } as Seen));
  });
  afterAll(() => runtime.close());
  beforeEach(() => {
    seen.length = 0;
    lines.length = 0;
  });

  const token = (form: Record<string, string>, authorization = BASIC) => request(runtime.app).post('/std/token').set('Authorization', authorization).type('form').send(form);

  it('reports issuance, refresh, reuse and revocation, and logs reuse at warn', async () => {
    const login = await token({ grant_type: 'password', username: 'bob', password: 'builder' });
    expect(seen).toEqual([{ name: 'token_issued', event: expect.objectContaining({ grantType: 'password', clientId: 'web-app', tokens: ['access_token', 'refresh_token'], dialect: 'standard' }) }]);
    const grantId = (seen[0].event as CoreEvents['token_issued']).grantId;
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
    expect(seen[1]).toEqual({ name: 'token_refreshed', event: { clientId: 'web-app', grantId, rotated: true, dialect: 'standard' } });
    expect((await token({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token })).status).toBe(400);
    expect(seen[2]).toEqual({ name: 'reuse_detected', event: { clientId: 'web-app', grantId, kind: 'refresh_token', dialect: 'standard' } });
    expect(lines.filter((l) => l.level === 40 && l.kind === 'refresh_token' && l.grantId === grantId)).toHaveLength(1);
    const other = await token({ grant_type: 'client_credentials' });
    await request(runtime.app).post('/std/revoke').set('Authorization', BASIC).type('form').send({ token: other.body.access_token });
    expect(seen.map((s) => s.name).slice(3)).toEqual(['token_issued', 'token_revoked']);
    expect(seen[4].event).toMatchObject({ clientId: 'web-app', what: 'token' });
    expect(refreshed.status).toBe(200);
  });

  it('reports a code used twice', async () => {
    const engine = runtime.engine;
    const code = await engine.issueAuthorizationCode({ client: engine.directory.client('web-app')!, user: engine.directory.userByUsername('alice')!, redirectUri: 'http://localhost:3000/callback' }, standardPolicy({}));
    const exchange = () => token({ grant_type: 'authorization_code', code: code.value, redirect_uri: 'http://localhost:3000/callback' });
    expect((await exchange()).status).toBe(200);
    expect((await exchange()).status).toBe(400);
    expect(seen.map((s) => s.name)).toEqual(['token_issued', 'reuse_detected']);
    expect(seen[1].event).toMatchObject({ kind: 'authorization_code', dialect: 'standard' });
  });

  it('reports failed client and user authentication with their reasons, never the secret', async () => {
    await token({ grant_type: 'client_credentials' }, 'Basic ' + Buffer.from('web-app:wrong').toString('base64'));
    await token({ grant_type: 'password', username: 'bob', password: 'wrong' });
    expect(seen).toEqual([
      { name: 'authentication_failed', event: { subject: 'client', code: 'invalid_client', reason: 'bad_credentials', clientId: 'web-app' } },
      { name: 'authentication_failed', event: { subject: 'user', code: 'invalid_grant', reason: 'bad_credentials' } },
    ]);
  });

  it('reports a lock-out, and logs it at warn', async () => {
    // The default rules: the fifth failure for one account locks it for 900 s.
    const attempt = { identifier: 'dave', password: 'wrong', address: '203.0.113.9', identifiers: ['username'] as const };
    for (let i = 0; i < 4; i++) expect((await attemptSignIn(runtime.engine, attempt)).status).toBe('bad_credentials');
    expect((await attemptSignIn(runtime.engine, attempt)).status).toBe('locked_out');
    expect(seen.filter((s) => s.name === 'locked_out')).toEqual([{ name: 'locked_out', event: { subject: 'user', seconds: 900 } }]);
    expect(lines.filter((l) => l.level === 40 && l.subject === 'user')).toHaveLength(1);
  });

  it('keeps a failing listener from failing the request', async () => {
    const off = runtime.engine.context.events.on('token_issued', () => {
      throw new Error('listener broke');
    });
    try {
      expect((await token({ grant_type: 'client_credentials' })).status).toBe(200);
      expect(lines.some((l) => l.level === 50 && l.event === 'token_issued')).toBe(true);
    } finally {
      off();
    }
  });
});
