// @ts-check
/**
 * Runs before `npm run server`, `seed`, `admin` and `catalog`, which start built JavaScript
 * with plain node. In a clone with the developer tools installed it first brings dist/ up to date
 * from the sources (so HQ is served and edits take effect); on a server installed with
 * `--omit=dev` there are no tools, nothing is built, and the build that came with the install
 * runs. Plain JavaScript because tsx is exactly what a production install lacks.
 *
 *   node tools/buildIfDevInstall.mjs server pages
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = process.argv.slice(2);

function hasTsx() {
  try {
    createRequire(join(root, 'package.json')).resolve('tsx');
    return true;
  } catch {
    return false;
  }
}

if (hasTsx()) {
  const built = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tools/build.ts'), ...targets], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exitCode = built.status ?? 1;
} else if (!existsSync(join(root, 'dist/server/main.js'))) {
  process.stderr.write(
    'No build in dist/server and no developer tools to make one: run `npm ci && npm run build` first\n' +
      '(then `npm prune --omit=dev` if this is a server machine).\n',
  );
  process.exitCode = 1;
}
