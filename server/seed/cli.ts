import { migrateToLatest } from '../db/migrate';
import { openFromEnv } from '../db/openFromEnv';
import { readEnv } from '../env';
import { print, runCli } from '../log';
import { ensureDemoConnections } from './demoConnections';
import { seedDemo } from './seedDemo';

/** `npm run seed`: loads the demo chain into the configured database; a second run changes nothing. */
async function main(): Promise<void> {
  const env = readEnv();
  const db = openFromEnv(env);
  try {
    await migrateToLatest(db);
    const result = await seedDemo(db, env.dataDir);
    const shops = await ensureDemoConnections(db, env.demoWebhookSecret);
    print(
      result.created
        ? `Demo chain loaded. HQ login: ${result.adminEmail} / ${result.adminPassword}`
        : 'Demo chain already present; nothing changed.',
    );
    for (const shop of shops) print(`Web shop ${shop.id}: POST ${shop.path}  secret: ${shop.secret}`);
  } finally {
    await db.close();
  }
}

runCli(main);
