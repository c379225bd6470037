import { assertNever } from '../../shared/domain/assertNever';
import { migrateToLatest } from '../db/migrate';
import { openFromEnv } from '../db/openFromEnv';
import { readEnv } from '../env';
import { print, printError, runCli } from '../log';
import { createHqAdmin } from './hqAdmins';

/**
 * `npm run admin -- create <email>`: the first HQ admin of an empty server (and any later one).
 * The generated password is printed once, here, and never stored in clear anywhere.
 */
const USAGE = 'usage: npm run admin -- create <email>';

async function main(argv: readonly string[]): Promise<number> {
  const [command, email, ...rest] = argv;
  if (command !== 'create' || email === undefined || rest.length > 0) {
    printError(USAGE);
    return 2;
  }
  const db = openFromEnv(readEnv());
  try {
    await migrateToLatest(db);
    const outcome = await createHqAdmin(db, email);
    switch (outcome.kind) {
      case 'created':
        print(`HQ admin created: ${outcome.email}`);
        print(`Password (shown this once; keep it somewhere safe): ${outcome.password}`);
        return 0;
      case 'exists':
        printError(`An HQ user ${outcome.email} already exists; nothing changed.`);
        return 1;
      case 'invalid-email':
        printError(`Not an email address: ${outcome.detail}\n${USAGE}`);
        return 2;
      default:
        return assertNever(outcome);
    }
  } finally {
    await db.close();
  }
}

runCli(main);
