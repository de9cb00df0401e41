import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { findChromium, type ChromiumSearch } from './find-chromium';

const REQUIRED = process.env.REQUIRE_BROWSER === '1';
const HOW_TO_ENABLE = "install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH";

/** Flags for Debian's Chromium on a machine with no outside network. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What the global setup found (it searched once for every test file), or a search of our own. */
function chromiumSearch(): ChromiumSearch {
  const found = process.env.OAUTHD_CHROMIUM_PATH;
  const missing = process.env.OAUTHD_CHROMIUM_MISSING;
  if (found) return { found: true, path: found };
  if (missing) return { found: false, reason: missing };
  return findChromium();
}

/**
 * `describe` for suites that drive a browser. Without a Chromium they are reported as not run
 * (todo) with one line on stderr, unless REQUIRE_BROWSER=1: then they fail.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  const search = chromiumSearch();
  if (search.found) {
    describe(name, body);
  } else if (REQUIRED) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`REQUIRE_BROWSER=1 but no Chromium was found: ${search.reason} (${HOW_TO_ENABLE})`);
      });
    });
  } else {
    process.stderr.write(`SKIPPED "${name}": no Chromium (${search.reason}); ${HOW_TO_ENABLE}, or REQUIRE_BROWSER=1 to make this fail\n`);
    // Listed as not run (todo) in the report, never counted as passing.
    describe(name, () => {
      it.todo('needs Chromium (CHROMIUM_PATH, or chromium on PATH)');
    });
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium, as found by the global setup, with a fresh profile (never a downloaded browser). */
export async function launchChromium(viewport: { width: number; height: number }): Promise<Browser> {
  const search = chromiumSearch();
  if (!search.found) throw new Error(`no Chromium: ${search.reason} (${HOW_TO_ENABLE})`);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'oauthd-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: search.path, headless: true, locale: 'en-US', viewport, args: ARGS });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
