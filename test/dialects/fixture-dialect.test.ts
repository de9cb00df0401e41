import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import request from 'supertest';
import { DIALECTS } from '../../dialects';
import type { Runtime } from '../../src/runtime';
import { startRuntime, testConfig } from '../helpers/gateway';
import { fixtureDialect } from '../fixtures/fixture-dialect';
import { PIN_GRANT } from '../fixtures/fixture-dialect/support/pin-grant';

const ROOT = path.join(__dirname, '..', '..');
const FOLDER = path.join(ROOT, 'test', 'fixtures', 'fixture-dialect');
const BASIC = 'Basic ' + Buffer.from('kiosk:kiosk-secret').toString('base64');

describe('a seventh dialect from its own folder, through the public surfaces alone', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    const config = testConfig({ dialects: { standard: { enabled: true }, fixture: { enabled: true, pin: '2468' } } });
    config.clients!.push({ client_id: 'kiosk', client_secret: 'kiosk-secret', grant_types: [PIN_GRANT, 'client_credentials'], scopes: ['read'] });
    runtime = await startRuntime({ config, dialects: [...DIALECTS, fixtureDialect] });
  });
  afterAll(() => runtime.close());

  const token = (form: Record<string, string>) => request(runtime.app).post('/fx/token').set('Authorization', BASIC).type('form').send(form);

  it('mints its own token format through its own grant, with the grant reading its own parameter', async () => {
    const first = await token({ grant_type: PIN_GRANT, pin: '2468', scope: 'read' });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['token', 'kind', 'ttl']);
    expect(first.body).toMatchObject({ kind: 'bearer', ttl: 120 });
    const shape = /^FX-(\d+)-[A-Za-z0-9_-]{22}$/;
    expect(first.body.token).toMatch(shape);
    const second = await token({ grant_type: 'client_credentials' });
    expect(second.status).toBe(200);
    // The format's counter comes through the narrow sequence interface, one value per token.
    expect(Number(shape.exec(second.body.token)![1])).toBe(Number(shape.exec(first.body.token)![1]) + 1);
  });

  it('answers failures in its own error shape, from the core error code and reason', async () => {
    const wrong = await token({ grant_type: PIN_GRANT, pin: '0000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ fault: 'invalid_grant', why: 'bad_credentials' });
    const missing = await token({ grant_type: PIN_GRANT });
    expect(missing.body).toEqual({ fault: 'invalid_request', why: 'missing_parameter' });
    const json = await request(runtime.app).post('/fx/token').set('Authorization', BASIC).send({ grant_type: PIN_GRANT, pin: '2468' });
    expect(json.body).toEqual({ fault: 'invalid_request', why: 'malformed_body' });
  });

  it('shares the engine: its tokens introspect through the standard dialect, and its grant works there too', async () => {
    const minted = await token({ grant_type: PIN_GRANT, pin: '2468' });
    const seen = await request(runtime.app).post('/std/introspect').set('Authorization', BASIC).type('form').send({ token: minted.body.token });
    expect(seen.body).toMatchObject({ active: true, client_id: 'kiosk', grant_type: PIN_GRANT });
    const viaStd = await request(runtime.app).post('/std/token').set('Authorization', BASIC).type('form').send({ grant_type: PIN_GRANT, pin: '2468' });
    expect(viaStd.status).toBe(200);
    expect(viaStd.body.access_token).not.toMatch(/^FX-/);
  });

  it('passes the layering lint as if it sat under dialects/: it imports only src/core and dialects/kit', async () => {
    const config = require(path.join(ROOT, 'eslint.config.js')) as ESLint.Options['overrideConfig'];
    const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });
    const files = fs.readdirSync(FOLDER, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      // One level shallower under dialects/ than under test/fixtures/.
      const code = fs.readFileSync(path.join(FOLDER, file), 'utf8').replace(/'((?:\.\.\/)+)(src|dialects)\//g, (_m, up: string, top: string) => `'${up.slice(3)}${top}/`);
      const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, 'dialects', 'fixture', file) });
      expect({ file, messages: result.messages.map((m) => m.message) }).toEqual({ file, messages: [] });
    }
    const [reaching] = await eslint.lintText("import { CoreError } from '../../src/core/errors';\nexport const x = CoreError;\n", { filePath: path.join(ROOT, 'dialects', 'fixture', 'probe.ts') });
    expect(reaching.messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
  });
});
