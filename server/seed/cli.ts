import { migrateToLatest } from '../db/migrate';
import { openFromEnv } from '../db/openFromEnv';
import { readEnv } from '../env';
import { print, printError } from '../log';
import { seedDemo } from './seedDemo';

/** `npm run seed`: loads the demo chain into the configured database; a second run changes nothing. */
async function main(): Promise<void> {
  const env = readEnv();
  const db = openFromEnv(env);
  try {
    await migrateToLatest(db);
    const result = await seedDemo(db, env.dataDir);
    print(
      result.created
        ? `Demo chain loaded. HQ login: ${result.adminEmail} / ${result.adminPassword}`
        : 'Demo chain already present; nothing changed.',
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  printError(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
