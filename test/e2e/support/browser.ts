import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM_PATH);

/** A real Chromium with its own profile folder, so IndexedDB survives reloads as on a till. */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'omnitill-chromium-')), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(context: BrowserContext, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  const page = context.pages().at(-1);
  if (dir && page) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
