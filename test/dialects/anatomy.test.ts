import fs from 'node:fs';
import path from 'node:path';
import { DIALECTS } from '../../dialects';

const ROOT = path.join(__dirname, '..', '..', 'dialects');
const FILES = ['README.md', 'config.ts', 'contract.ts', 'errors.ts', 'index.ts', 'parse.ts', 'profiles.ts', 'render.ts'];
const FOLDERS = ['endpoints', 'support'];

/** Every file under a folder, relative to it. */
function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(folder, f)).isFile());
}

describe('one anatomy for every dialect (dialects/ANATOMY.md)', () => {
  const folders = fs.readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'kit').map((e) => e.name);

  it('every dialect folder is registered, and every registered dialect has a folder and a contract', () => {
    expect(folders.sort()).toEqual(DIALECTS.map((d) => d.name).sort());
    for (const dialect of DIALECTS) expect({ dialect: dialect.name, contract: dialect.contract?.dialect }).toEqual({ dialect: dialect.name, contract: dialect.name });
  });

  it.each(DIALECTS.map((d) => d.name))('%s: the same top-level files, handlers in endpoints/, nothing else', (name) => {
    const folder = path.join(ROOT, name);
    const entries = fs.readdirSync(folder, { withFileTypes: true });
    expect(entries.filter((e) => e.isFile()).map((e) => e.name).sort()).toEqual(FILES);
    const subfolders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(subfolders.filter((f) => !FOLDERS.includes(f))).toEqual([]);
    expect(fs.readdirSync(path.join(folder, 'endpoints')).filter((f) => f.endsWith('.ts')).length).toBeGreaterThan(0);
  });

  it.each(DIALECTS.map((d) => d.name))('%s: no file over 300 lines', (name) => {
    const folder = path.join(ROOT, name);
    const long = filesUnder(folder)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ file: f, lines: fs.readFileSync(path.join(folder, f), 'utf8').split('\n').length }))
      .filter((f) => f.lines > 300);
    expect(long).toEqual([]);
  });
});
