import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Names a Chromium goes by on PATH, in the order they are tried. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

export type ChromiumSearch = { found: true; path: string } | { found: false; reason: string };

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds a Chromium: CHROMIUM_PATH when set (an explicit path that is not an executable file
 * means no browser, never a fallback to PATH, so `CHROMIUM_PATH=/nonexistent` turns the browser
 * suites off), else the first of CHROMIUM_NAMES found on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumSearch {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    return isExecutableFile(explicit) ? { found: true, path: explicit } : { found: false, reason: `CHROMIUM_PATH=${explicit} is not an executable file` };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return { found: true, path: candidate };
    }
  }
  return { found: false, reason: `none of ${CHROMIUM_NAMES.join(', ')} is on PATH` };
}
