import request from 'supertest';
import { demoConfig } from '../../src/config/demo';
import type { Runtime } from '../../src/runtime';
import { RedisStore } from '../../src/store/redis/store';
import { startRuntime } from '../helpers/gateway';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { freePort, RedisProcess } from '../helpers/redis-process';

const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

interface Issuance {
  dialect: string;
  send(runtime: Runtime): request.Test;
  token(body: Record<string, unknown>): string;
}

/** client_credentials through each dialect's own door, in its own wire format (the demo's vendor examples). */
const ISSUANCES: Issuance[] = [
  {
    dialect: 'standard (opaque)',
    send: (r) => request(r.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'client_credentials' }),
    token: (b) => b.access_token as string,
  },
  {
    dialect: 'cas (ticket with a sequence number)',
    send: (r) => request(r.app).post('/oauth2.0/accessToken').type('form').send({ grant_type: 'client_credentials', client_id: 'xxx', client_secret: 'xxx=' }),
    token: (b) => b.access_token as string,
  },
  {
    dialect: 'ciam (RS256 JWT)',
    send: (r) =>
      request(r.app).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: 'TENANT_CLIENT_ID', client_secret: 'TENANT_CLIENT_SECRET', scope: 'identity_proofing' }),
    token: (b) => b.access_token as string,
  },
  {
    dialect: 'spring (HS256 JWT)',
    send: (r) =>
      request(r.app).post('/authorization-server/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: '你的客户端id', client_secret: '你的客户端密码' }),
    token: (b) => b.access_token as string,
  },
  {
    dialect: 'iform (paired v1 UUIDs)',
    send: (r) =>
      request(r.app)
        .post('/iform/oauth2/v3/authentication/apply')
        .type('json')
        .send({ client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', grant_type: 'client_credentials' }),
    token: (b) => (b.data as Record<string, string>).access_token,
  },
];

/** The shared-key check (a GET every 30 s) must not land inside a counted request. */
const QUIET_KEY_CHECK = { shared_check_ms: 3_600_000 };

/** Records the name of every command the runtime's Redis client sends. */
function countCommands(runtime: Runtime, into: () => string[]): void {
  const client = (runtime.store as RedisStore).redis;
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    into().push(command.name);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof client.sendCommand;
}

/**
 * Redis commands per request, counted where ioredis sends them. Issuing a token is one script
 * call and a lookup one GET: one round trip each, whatever the dialect and token format.
 */
describeWithRedis('Redis round trips per request', () => {
  const prefix = uniquePrefix('round-trips');
  let runtime: Runtime;
  let sent: string[] = [];

  beforeAll(async () => {
    const config = { ...demoConfig('http://127.0.0.1'), store: { url: REDIS_URL, key_prefix: prefix }, log_level: 'silent' as const, keys: QUIET_KEY_CHECK };
    runtime = await startRuntime({ config });
    countCommands(runtime, () => sent);
  });

  afterAll(async () => {
    await runtime.close();
    await dropPrefix(prefix);
  });

  /** The commands one request sends, after a first request has loaded scripts and reserved counters. */
  async function commandsOf(issue: () => Promise<request.Response>): Promise<{ res: request.Response; commands: string[] }> {
    await issue();
    sent = [];
    const res = await issue();
    return { res, commands: sent };
  }

  it.each(ISSUANCES.map((i) => [i.dialect, i] as const))('%s: one command per client_credentials issuance', async (_name, issuance) => {
    const { res, commands } = await commandsOf(() => issuance.send(runtime));
    expect(res.status).toBe(200);
    expect(commands).toEqual(['evalsha']);
  });

  it('one command per introspection of an opaque token, and per verification of a JWT', async () => {
    for (const issuance of [ISSUANCES[0], ISSUANCES[2]]) {
      const token = issuance.token((await issuance.send(runtime)).body);
      const { res, commands } = await commandsOf(() =>
        request(runtime.app).post('/std/introspect').set('Authorization', basic('web-app', 's3cret')).type('form').send({ token }),
      );
      expect(res.body.active).toBe(true);
      expect(commands).toEqual(['get']);
    }
  });

  it('a password grant: the lock-out read before bcrypt (its four keys sent together), then one script for the access and refresh token', async () => {
    const { res, commands } = await commandsOf(() =>
      request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'password', username: 'alice', password: 'wonderland' }),
    );
    expect(res.body.refresh_token).toEqual(expect.any(String));
    // Lock and failure count of the account and of the address, issued in one tick: one pipeline.
    expect(commands).toEqual(['get', 'get', 'get', 'get', 'evalsha']);
  });

  it('a refresh under rotation: one lookup, then one script that spends the old token and saves the new pair', async () => {
    const login = await request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'password', username: 'alice', password: 'wonderland' });
    sent = [];
    const res = await request(runtime.app).post('/std/token').set('Authorization', basic('web-app', 's3cret')).type('form').send({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
    expect(res.status).toBe(200);
    expect(sent).toEqual(['get', 'evalsha']);
  });

  it('an iform refresh without client credentials finds token and client with that one lookup', async () => {
    const apply = (body: Record<string, string>) => request(runtime.app).post('/iform/oauth2/v3/authentication/apply').type('json').send(body);
    const login = await apply({ client_id: 'iform', client_secret: '58b65297-3467-0859-8337-8cbaf81ef68a', grant_type: 'password_credentials', username: 'iform', password: '123456' });
    expect(login.body.state).toBe(200);
    sent = [];
    const res = await apply({ grant_type: 'refresh_token', refresh_token: login.body.data.refresh_token });
    expect(res.body.state).toBe(200);
    expect(sent).toEqual(['get', 'evalsha']);
  });
});

describeWithRedis('the first request after a start', () => {
  let server: RedisProcess;
  beforeAll(async () => {
    server = new RedisProcess(await freePort());
    await server.start();
  });
  afterAll(() => server.kill());

  it('is one command too, on a server that has never seen the scripts (the first use of each sends it whole)', async () => {
    // A redis-server of this test's own, so no earlier run has left the scripts in its cache.
    const config = { ...demoConfig('http://127.0.0.1'), store: { url: server.url, key_prefix: 'first:' }, log_level: 'silent' as const, keys: QUIET_KEY_CHECK };
    const runtime = await startRuntime({ config });
    const sent: string[] = [];
    try {
      countCommands(runtime, () => sent);
      await runtime.store.ping();
      // The client's secret checked once (its first check reads the lock-out), as any earlier request would have.
      await runtime.engine.authenticateClient({ clientId: 'web-app', clientSecret: 's3cret', method: 'client_secret_basic' });
      sent.length = 0;
      const res = await ISSUANCES[0].send(runtime);
      expect(res.status).toBe(200);
      expect(sent).toEqual(['evalsha']);
    } finally {
      await runtime.close();
    }
  });
});
