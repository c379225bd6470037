import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { readEnv } from '../env';
import { seedDemo } from './seedDemo';

/** `npm run seed`: loads the demo chain into the configured database; a second run changes nothing. */
const env = readEnv();
const db = env.databaseUrl
  ? connect({ dialect: 'postgres', url: env.databaseUrl })
  : connect({ dialect: 'sqlite', dataDir: env.dataDir });
await migrateToLatest(db);
const result = await seedDemo(db, env.dataDir);
console.log(
  result.created
    ? `Demo chain loaded. HQ login: ${result.adminEmail} / ${result.adminPassword}`
    : 'Demo chain already present; nothing changed.',
);
await db.close();
