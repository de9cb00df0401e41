import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.join(__dirname, '..', '..');
// The project's own flat config, handed over as it is (jest cannot run ESLint's dynamic import of it).
const CONFIG = require(path.join(ROOT, 'eslint.config.js')) as ESLint.Options['overrideConfig'];

/** The lint messages a file with this text would get at this path of the tree. */
async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: CONFIG });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layering lint rule', () => {
  it('fails a core file that imports src/http or a dialect', async () => {
    expect(await lint('src/core/probe.ts', "import { send } from '../http/wire';\nexport const x = send;\n")).toEqual([expect.stringMatching(/no-restricted-imports: .*the core does not import src\/http/)]);
    expect(await lint('src/core/grants/probe.ts', "import { casPolicy } from '../../../dialects/cas/config';\nexport const x = casPolicy;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports: .*the core does not import a dialect/),
    ]);
  });

  it('fails a dialect that imports another, and lets it use the kit and the core', async () => {
    expect(await lint('dialects/cas/probe.ts', "import { springPolicy } from '../spring/policy';\nexport const x = springPolicy;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports: .*dialect "cas" does not import dialect "spring"/),
    ]);
    expect(await lint('dialects/cas/probe.ts', "import { servletParams } from '../kit/jvm';\nimport { send } from '../kit';\nimport { CoreError } from '../../src/core';\nexport const x = [servletParams, send, CoreError];\n")).toEqual([]);
  });

  it('fails a dialect that reaches past the public surfaces of the core and the kit', async () => {
    const probe = (from: string) => lint('dialects/maxkey/probe.ts', `import { x } from '${from}';\nexport const y = x;\n`);
    expect(await probe('../../src/core/errors')).toEqual([expect.stringMatching(/no-restricted-imports: .*through its surface: src\/core/)]);
    expect(await probe('../../src/http/wire')).toEqual([expect.stringMatching(/no-restricted-imports: .*wire helpers through dialects\/kit/)]);
    expect(await probe('../../src/store/memory')).toEqual([expect.stringMatching(/no-restricted-imports: .*wire helpers through dialects\/kit/)]);
    expect(await probe('../kit/jvm/java-hash-map')).toEqual([expect.stringMatching(/no-restricted-imports: .*dialects\/kit or dialects\/kit\/jvm/)]);
  });
});
