import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findChromium } from '../helpers/find-chromium';

describe('findChromium, which decides whether the browser suites run', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'oauthd-find-chromium-'));
  const dir = (name: string) => {
    const folder = path.join(root, name);
    mkdirSync(folder, { recursive: true });
    return folder;
  };
  const executable = (folder: string, name: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };
  const first = dir('first');
  const second = dir('second');
  const chromiumInSecond = executable(second, 'chromium');
  const chromeInFirst = executable(first, 'google-chrome');
  const browserInFirst = executable(first, 'chromium-browser');
  const notExecutable = path.join(first, 'chromium');
  writeFileSync(notExecutable, 'not a program');
  const PATH = [dir('empty'), first, second].join(path.delimiter);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes CHROMIUM_PATH first when it names an executable file', () => {
    expect(findChromium({ CHROMIUM_PATH: chromeInFirst, PATH })).toEqual({ found: true, path: chromeInFirst });
  });

  it('treats a CHROMIUM_PATH that is not an executable file as no browser, without looking on PATH', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent', PATH })).toEqual({ found: false, reason: 'CHROMIUM_PATH=/nonexistent is not an executable file' });
    expect(findChromium({ CHROMIUM_PATH: notExecutable, PATH })).toMatchObject({ found: false });
    expect(findChromium({ CHROMIUM_PATH: first, PATH })).toMatchObject({ found: false });
  });

  it('otherwise prefers chromium, then chromium-browser, then google-chrome, skipping files that cannot run', () => {
    expect(findChromium({ PATH })).toEqual({ found: true, path: chromiumInSecond });
    expect(findChromium({ PATH: first })).toEqual({ found: true, path: browserInFirst });
    rmSync(browserInFirst);
    expect(findChromium({ PATH: first })).toEqual({ found: true, path: chromeInFirst });
    expect(findChromium({ CHROMIUM_PATH: '', PATH: first })).toEqual({ found: true, path: chromeInFirst });
  });

  it('reports no browser when none is on PATH', () => {
    expect(findChromium({ PATH: dir('empty') })).toEqual({ found: false, reason: 'none of chromium, chromium-browser, google-chrome is on PATH' });
    expect(findChromium({})).toMatchObject({ found: false });
  });
});
