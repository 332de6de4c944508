/**
 * Debian's Chromium (`apt-get install chromium`), driven headless by playwright-core with a fresh
 * profile. No browser is ever downloaded: without that executable the browser tests skip.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

const EXECUTABLE = "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(EXECUTABLE) ? undefined : `no Chromium at ${EXECUTABLE} (apt-get install chromium)`;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), "console-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE, headless: true, args: FLAGS, viewport: { width: 1440, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Launches Chromium for a suite's `before` hook, or skips the suite with a one-line reason when there is
 * none. Under CI, which installs Chromium, its absence fails the suite instead.
 */
export async function launchChromiumOrSkip(suite: Mocha.Context): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing !== undefined) {
    if (process.env.CI) throw new Error(missing);
    console.log(`    browser tests skipped: ${missing}`);
    suite.skip();
  }
  return launchChromium();
}
