import type { Env } from '../env';
import { connect, type Db } from './connect';

/** The database the environment names: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export function openFromEnv(env: Pick<Env, 'databaseUrl' | 'dataDir'>): Db {
  return env.databaseUrl
    ? connect({ dialect: 'postgres', url: env.databaseUrl })
    : connect({ dialect: 'sqlite', dataDir: env.dataDir });
}
