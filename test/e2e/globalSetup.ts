import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './support/browser';

/** Builds the store app, the HQ pages and the shops' script once, as `npm start` serves them. */
export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true and no Chromium at ${CHROMIUM_PATH}: install the Debian package chromium`);
    }
    console.warn(
      `\n  Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)\n`,
    );
  }
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  // The shops' script the server serves as /sdk.js.
  execFileSync(process.execPath, ['--import', 'tsx', 'tools/build.ts', 'sdk'], { stdio: 'inherit' });
}
