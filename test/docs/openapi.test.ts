import { readFileSync } from 'node:fs';
import request from 'supertest';
import { demoConfig } from '../../src/config/demo';
import { schemaFile } from '../../src/http/schemas';
import { joinPath } from '../../src/http/mount';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../helpers/gateway';

/** The token endpoint of each dialect, relative to its base path. */
const TOKEN_ENDPOINTS: Record<string, { path: string; schema: string }> = {
  standard: { path: '/token', schema: 'token.response' },
  cas: { path: '/oauth2.0/accessToken', schema: 'token.cas5.response' },
  ciam: { path: '/oauth2/token', schema: 'token.response' },
  iform: { path: '/oauth2/v3/authentication/apply', schema: 'apply.response' },
  spring: { path: '/oauth/token', schema: 'token.response' },
};

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>; requestBody?: unknown }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

const refs = (value: unknown): string[] => JSON.stringify(value).match(/#\/components\/schemas\/[^"]+/g) ?? [];

describe('OpenAPI documents generated from the dialect schemas', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ config: { ...demoConfig('http://gateway.test'), bcrypt: { cost: 4 } } });
  });
  afterAll(() => runtime?.close());

  it.each(Object.keys(TOKEN_ENDPOINTS))('%s: every route, the token endpoint with its response schema, every schema file embedded unchanged', async (name) => {
    const mounted = runtime.mounted.find((m) => m.dialect.name === name)!;
    const res = await request(runtime.app).get(`/docs/${name}/openapi.json`).expect(200).expect('content-type', /application\/json/);
    const doc = res.body as Doc;
    expect(doc.openapi).toBe('3.1.0');
    for (const route of mounted.routes) expect(doc.paths[joinPath(mounted.context.basePath, route.path)]).toHaveProperty(route.method.toLowerCase());

    const token = doc.paths[joinPath(mounted.context.basePath, TOKEN_ENDPOINTS[name].path)].post;
    expect(refs(token.responses['200'])).toContain(`#/components/schemas/${TOKEN_ENDPOINTS[name].schema}`);
    expect(refs(token.requestBody)).toEqual(expect.arrayContaining([expect.stringMatching(/\.request$/)]));
    expect(token.responses['4XX']).toBeDefined();

    for (const [component, schema] of Object.entries(doc.components.schemas)) {
      const file = JSON.parse(readFileSync(schemaFile(name, component), 'utf8')) as Record<string, unknown>;
      expect({ ...schema, $schema: file.$schema, $id: file.$id }).toEqual(file);
    }
    for (const ref of refs(doc.paths)) expect(doc.components.schemas).toHaveProperty([ref.split('/').at(-1)!]);
  });

  it('serves the page and the viewer files from the installed package', async () => {
    const page = await request(runtime.app).get('/docs').expect(200).expect('content-type', /text\/html/);
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    const init = await request(runtime.app).get('/docs/init.js').expect(200);
    for (const name of Object.keys(TOKEN_ENDPOINTS)) expect(init.text).toContain(`/docs/${name}/openapi.json`);
    await request(runtime.app).get('/docs/assets/swagger-ui-bundle.js').expect(200).expect('content-type', /javascript/);
    await request(runtime.app).get('/docs/assets/package.json').expect(404);
    await request(runtime.app).get('/docs/nope/openapi.json').expect(404);
  });

  it('moves with docs.path, is gone when disabled, and refuses a path a dialect uses', async () => {
    const moved = await startRuntime({ config: { ...demoConfig('http://gateway.test'), bcrypt: { cost: 4 }, docs: { path: '/api-docs' } } });
    await request(moved.app).get('/api-docs/standard/openapi.json').expect(200);
    await request(moved.app).get('/docs').expect(404);
    await moved.close();
    const off = await startRuntime({ config: { ...demoConfig('http://gateway.test'), bcrypt: { cost: 4 }, docs: { enabled: false } } });
    await request(off.app).get('/docs/standard/openapi.json').expect(404);
    await off.close();
    await expect(startRuntime({ config: { ...demoConfig('http://gateway.test'), bcrypt: { cost: 4 }, docs: { path: '/std' } } })).rejects.toThrow(
      /under the docs path \/std; move the dialect or set docs.path/,
    );
  });
});
