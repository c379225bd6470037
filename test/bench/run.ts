import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * `npm run bench [-- name…]`: runs every benchmark module in this folder (each exports `run()`
 * and prints its own figures), or only the named ones. Benchmarks are never part of `npm test`.
 */
const only = process.argv.slice(2);
const modules = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
  .map((f) => basename(f, '.ts'))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

for (const name of modules) {
  const module = (await import(join(import.meta.dirname, `${name}.ts`))) as { run?: () => Promise<void> };
  if (typeof module.run !== 'function') continue;
  console.log(`\n## ${name}`);
  await module.run();
}
