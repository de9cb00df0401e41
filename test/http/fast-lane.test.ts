import request from 'supertest';
import type { Runtime } from '../../src/runtime';
import { startRuntime, testConfig } from '../helpers/gateway';

const BASIC = 'Basic ' + Buffer.from('web-app:s3cret').toString('base64');

/** Status, content type and body: what a client sees, less what differs between any two answers (tokens, times, the path echoed). */
function seen(res: request.Response) {
  const text = res.text
    .replace(/"(access_token|refresh_token)":"[^"]+"/g, '"$1":"<token>"')
    .replace(/"timestamp":("[^"]+"|[0-9]+)/g, '"timestamp":"<time>"')
    .replace(/"path":"([^"]*?)\/"/g, '"path":"$1"');
  return { status: res.status, type: res.headers['content-type'], text };
}

/**
 * Exact paths take the fast lane; the same path with a trailing slash takes express's router
 * (`strict: false` matches it there). Every answer must be the same either way, for good
 * requests and for each kind of bad one.
 */
describe('the fast lane answers exactly as the router does', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: testConfig({ http: { body_limit: '1kb' }, dialects: { standard: { enabled: true }, cas: { enabled: true, profile: 'cas6' } } }) });
  });
  afterAll(() => runtime.close());

  it('takes the dialects\' exact paths, not paths with parameters or other methods', () => {
    const lanes = runtime.fastLane.routes();
    expect(lanes).toEqual(expect.arrayContaining(['POST /std/token', 'POST /std/introspect', 'GET /oauth2.0/accessToken', 'POST /oauth2.0/accessToken']));
    expect(lanes.every((lane) => /^(GET|POST) \/[^:*]*$/.test(lane))).toBe(true);
  });

  const both = async (path: string, send: (test: request.Test) => request.Test, method: 'post' | 'get' = 'post') => {
    const fast = await send(request(runtime.app)[method](path));
    const routed = await send(request(runtime.app)[method](`${path}/`));
    return { fast, routed };
  };

  const cases: Array<[string, string, (test: request.Test) => request.Test, 'post' | 'get']> = [
    ['a token request', '/std/token', (t) => t.set('Authorization', BASIC).type('form').send('grant_type=password&username=bob&password=wrong'), 'post'],
    ['a body of another type', '/std/token', (t) => t.set('Authorization', BASIC).type('text/plain').send('grant_type=client_credentials'), 'post'],
    ['a form in another charset', '/std/token', (t) => t.set('Authorization', BASIC).set('Content-Type', 'application/x-www-form-urlencoded; charset=iso-8859-1').send('grant_type=client_credentials'), 'post'],
    ['a body over the limit', '/std/token', (t) => t.set('Authorization', BASIC).type('form').send(`grant_type=client_credentials&scope=${'x'.repeat(2000)}`), 'post'],
    ['too many parameters', '/std/token', (t) => t.set('Authorization', BASIC).type('form').send(Array.from({ length: 101 }, (_, i) => `p${i}=1`).join('&')), 'post'],
    ['a repeated parameter', '/std/token', (t) => t.set('Authorization', BASIC).type('form').send('grant_type=client_credentials&grant_type=password'), 'post'],
    ['bad percent-encoding', '/std/token', (t) => t.set('Authorization', BASIC).type('form').send('grant_type=%E0%A4%A&scope=%ZZ'), 'post'],
    ['a byte-order mark', '/std/introspect', (t) => t.set('Authorization', BASIC).type('form').send('\ufefftoken=nothing'), 'post'],
    ['an empty body', '/std/introspect', (t) => t.set('Authorization', BASIC).type('form').send(''), 'post'],
    ['a gzip body', '/std/token', (t) => t.set('Authorization', BASIC).set('Content-Encoding', 'gzip').type('form').send('not gzip'), 'post'],
    ['the wrong method', '/std/token', (t) => t.set('Authorization', BASIC), 'get'],
    ['CAS in the query string', '/oauth2.0/accessToken', (t) => t.query({ grant_type: 'password', client_id: 'web-app', client_secret: 'wrong', username: 'bob', password: 'builder' }), 'get'],
    ['CAS with no parameters', '/oauth2.0/accessToken', (t) => t.type('form').send(''), 'post'],
  ];

  it.each(cases)('%s', async (_name, path, send, method) => {
    const { fast, routed } = await both(path, send, method);
    expect(seen(fast)).toEqual(seen(routed));
    expect(fast.headers['cache-control']).toBe(routed.headers['cache-control']);
    expect(fast.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('issues through both, and each token works through the other', async () => {
    const send = (t: request.Test) => t.set('Authorization', BASIC).type('form').send('grant_type=client_credentials&scope=read');
    // The exact path must really take the lane (else every comparison here compares the router with itself).
    const entered = jest.spyOn(runtime.fastLane as unknown as { enter: (...args: unknown[]) => void }, 'enter');
    const { fast, routed } = await both('/std/token', send);
    expect(entered).toHaveBeenCalledTimes(1);
    entered.mockRestore();
    expect([fast.status, routed.status]).toEqual([200, 200]);
    expect(Object.keys(fast.body)).toEqual(Object.keys(routed.body));
    const introspect = (token: string, path: string) => request(runtime.app).post(path).set('Authorization', BASIC).type('form').send({ token });
    expect((await introspect(fast.body.access_token, '/std/introspect/')).body.active).toBe(true);
    expect((await introspect(routed.body.access_token, '/std/introspect')).body.active).toBe(true);
  });
});
