import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect, type Db } from '../../../server/db/connect';
import { migrateToLatest } from '../../../server/db/migrate';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(): Promise<{ available: true } | { available: false; reason: string }> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { available: true };
  } catch (error) {
    const reason = `no PostgreSQL at ${PG_URL} (${error instanceof Error ? error.message : String(error)}); set TEST_DATABASE_URL`;
    // In CI the PostgreSQL suite is part of the contract: a missing server fails the run.
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
    console.warn(`\n  PostgreSQL suite SKIPPED: ${reason}\n`);
    return { available: false, reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgres = await probePostgres();

export type Engine = 'sqlite' | 'postgres';
export const engines: Engine[] = ['sqlite', 'postgres'];
export const skipEngine = (engine: Engine) => engine === 'postgres' && !postgres.available;

export type TestDb = { db: Db; dispose(): Promise<void>; dataDir: string };

/**
 * A fresh, migrated database: a SQLite file in a temp folder, or a PostgreSQL schema of its own
 * (so test files can run in parallel against one server).
 */
export async function openTestDb(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-test-'));
  if (engine === 'sqlite') {
    const db = connect({ dialect: 'sqlite', dataDir });
    if (options.migrate !== false) await migrateToLatest(db);
    return {
      db,
      dataDir,
      dispose: async () => {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = connect({ dialect: 'postgres', url: PG_URL, schema, poolSize: 5 });
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    db,
    dataDir,
    dispose: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
