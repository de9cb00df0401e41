import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start` and `npm test` build first; the build is incremental so an unchanged tree costs a
 * fraction of a second. Its buildinfo must sit inside the output folder: tsc skips emitting when
 * the buildinfo says "up to date", so a buildinfo that survived a deleted dist/ would leave no
 * compiled code at all.
 */
const ROOT = path.resolve(__dirname, '../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

describe('the build behind npm start and npm test', () => {
  const scripts = readJson('package.json').scripts as Record<string, string>;
  const build = readJson('tsconfig.build.json').compilerOptions as { incremental?: boolean; tsBuildInfoFile?: string };
  const outDir = path.resolve(ROOT, (readJson('tsconfig.json').compilerOptions as { outDir: string }).outDir);

  it('is one incremental tsc build, used by start, test and bench', () => {
    expect(scripts.build).toBe('tsc -b tsconfig.build.json');
    expect(build.incremental).toBe(true);
    expect(scripts.prestart).toBe('npm run build');
    expect(scripts.pretest).toBe('npm run build');
    expect(scripts.bench).toMatch(/^npm run build && /);
  });

  it('keeps its buildinfo inside the output folder, so deleting dist/ forces a full build', () => {
    const buildInfo = path.resolve(ROOT, build.tsBuildInfoFile ?? '');
    expect(path.relative(outDir, buildInfo)).not.toMatch(/^\.\.|^$/);
    expect(path.isAbsolute(path.relative(outDir, buildInfo))).toBe(false);
  });
});
