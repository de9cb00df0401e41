import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACTS } from '../../src/contract/scripts';
import { defaultProfileOf } from '../../src/contract/types';
import { runCli } from '../helpers/cli';

describe('oauth-dialects command-line arguments', () => {
  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('usage errors exit 2 with commander\'s message', async () => {
    const unknown = await runCli(['serve', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--colour'");
    const noCommand = await runCli(['frobnicate']);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain("unknown command 'frobnicate'");
  });

  it('hash-secret refuses a cost bcrypt does not accept, or that is not a number, at once', async () => {
    for (const cost of ['99', '3', 'abc', '10.5', '']) {
      const result = await runCli(['hash-secret', '--cost', cost], { input: 'secret\n' });
      expect({ cost, code: result.code, stdout: result.stdout }).toEqual({ cost, code: 2, stdout: '' });
      expect(result.stderr).toContain(`option '--cost <n>' argument '${cost}' is invalid. must be a whole number from 4 to 31`);
    }
  });

  it('hash-secret warns that a cost above 14 is slow, and still hashes', async () => {
    const slow = await runCli(['hash-secret', '--cost', '15'], { input: 'secret\n' });
    expect(slow.code).toBe(0);
    expect(slow.stdout).toMatch(/^\$2b\$15\$[./A-Za-z0-9]{53}\n$/);
    expect(slow.stderr).toMatch(/warning: bcrypt cost 15 is slow/);
    const quick = await runCli(['hash-secret', '--cost', '4'], { input: 'secret\n' });
    expect(quick.stdout).toMatch(/^\$2b\$04\$/);
    expect(quick.stderr).toBe('');
  }, 30_000);

  it('contract --help lists the dialects and their profiles', async () => {
    const help = await runCli(['contract', '--help']);
    expect(help.code).toBe(0);
    const choices = /\(choices: ([^)]*)\)/.exec(help.stdout.replace(/\s+/g, ' '))?.[1];
    expect(choices).toBe(CONTRACTS.map((c) => `"${c.dialect}"`).join(', '));
    for (const script of CONTRACTS) expect(help.stdout).toMatch(new RegExp(`^  ${script.dialect} +${defaultProfileOf(script)}\\b`, 'm'));
  });

  it('contract refuses an unknown dialect, naming the known ones, and a base URL that is not one', async () => {
    const unknown = await runCli(['contract', '--dialect', 'nope', '--base-url', 'http://127.0.0.1:9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`argument 'nope' is invalid. Allowed choices are ${CONTRACTS.map((c) => c.dialect).join(', ')}.`);
    const relative = await runCli(['contract', '--dialect', 'cas', '--base-url', '127.0.0.1:8080/cas']);
    expect(relative.code).toBe(2);
    expect(relative.stderr).toContain('must be an absolute http:// or https:// URL');
    const timeout = await runCli(['contract', '--dialect', 'cas', '--base-url', 'http://127.0.0.1:9', '--timeout', 'soon']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain("option '--timeout <ms>' argument 'soon' is invalid");
  });

  it('serve refuses a PORT that is not a port, naming the variable', async () => {
    const result = await runCli(['serve'], { env: { PORT: 'eighty' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT=eighty: must be a port number (0-65535)');
  });
});
