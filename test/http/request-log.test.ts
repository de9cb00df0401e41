import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { DIALECTS } from '../../dialects';
import { loadConfig } from '../../src/config/load';
import { createRuntime } from '../../src/runtime';
import { testConfig } from '../helpers/gateway';

/** A gateway whose log lines land in `lines`. */
async function gatewayLogging(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const runtime = await createRuntime({ config: loadConfig(testConfig(), DIALECTS), dialects: DIALECTS, logger: pino({ level }, sink) });
  return { runtime, lines };
}

describe('request log', () => {
  it('writes one line per request with its id, method, path (no query string) and status, and no credentials', async () => {
    const { runtime, lines } = await gatewayLogging('info');
    try {
      const res = await request(runtime.app).post('/std/token?client_secret=in-the-query').set('Authorization', 'Basic d2ViLWFwcDpzM2NyZXQ=').type('form').send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(200);
      const logged = lines.filter((l) => l.req !== undefined);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ req: { id: res.headers['x-request-id'], method: 'POST', path: '/std/token' }, res: { status: 200 } });
      expect(JSON.stringify(lines)).not.toMatch(/in-the-query|d2ViLWFwcDpzM2NyZXQ|s3cret/);
    } finally {
      await runtime.close();
    }
  });

  it('at silent, writes nothing and still answers with a request id', async () => {
    const { runtime, lines } = await gatewayLogging('silent');
    try {
      const res = await request(runtime.app).get('/healthz').set('X-Request-Id', 'req-7');
      expect(res.headers['x-request-id']).toBe('req-7');
      expect(lines).toEqual([]);
    } finally {
      await runtime.close();
    }
  });
});
