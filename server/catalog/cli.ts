import { readFile, stat } from 'node:fs/promises';
import { migrateToLatest } from '../db/migrate';
import { openFromEnv } from '../db/openFromEnv';
import { readEnv } from '../env';
import { print, printError, runCli } from '../log';
import { readCatalogFile } from './catalogFile';
import { importCatalog } from './importCatalog';

/**
 * `npm run catalog -- import <file.csv> [--dry-run]`: loads the chain's catalog and prices into
 * the configured database (docs/operations.md §18). The whole file or nothing: a file with any bad
 * row is refused with the rows named.
 */
const USAGE = 'usage: npm run catalog -- import <file.csv> [--dry-run]';
/** A million products with long names fit well within this; anything larger is not a catalog. */
const FILE_BYTES_MAX = 256 * 1024 * 1024;

async function main(argv: readonly string[]): Promise<number> {
  const [command, file, ...flags] = argv;
  const unknown = flags.filter((f) => f !== '--dry-run');
  if (command !== 'import' || file === undefined || unknown.length > 0) {
    printError(USAGE);
    return 2;
  }
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : null),
    () => null,
  );
  if (size === null) {
    printError(`No such file: ${file}`);
    return 2;
  }
  if (size > FILE_BYTES_MAX) {
    printError(`${file} is larger than ${FILE_BYTES_MAX / 1024 / 1024} MB; nothing was loaded.`);
    return 1;
  }
  const read = readCatalogFile(await readFile(file, 'utf8'));
  if (!read.ok) {
    printError(`${file}: nothing was loaded, because of these rows:`);
    for (const p of read.problems) printError(`  ${p.line > 0 ? `line ${p.line}` : 'file'}: ${p.message}`);
    if (read.more > 0) printError(`  … and ${read.more} more`);
    return 1;
  }
  const dryRun = flags.includes('--dry-run');
  const db = openFromEnv(readEnv());
  try {
    await migrateToLatest(db);
    const done = await importCatalog(db, read.items, { dryRun });
    print(
      `${dryRun ? 'Would load' : 'Loaded'} ${read.items.length.toLocaleString('en')} ` +
        `product${read.items.length === 1 ? '' : 's'} from ${file}: ` +
        `${done.added} new, ${done.changed} changed, ${done.unchanged} unchanged.`,
    );
    if (!dryRun && done.added + done.changed > 0) print('The tills receive them with their next sync.');
    return 0;
  } finally {
    await db.close();
  }
}

runCli(main);
