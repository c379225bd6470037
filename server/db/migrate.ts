import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Db } from './connect';
import { migrationModules } from './migrations/index';

export type MigrateResult = { applied: string[] };

/**
 * Brings the database to the latest schema. Kysely's migrator takes a lock (an advisory lock on
 * PostgreSQL, so several server processes can start together) and refuses to run when the
 * migrations already applied are not a prefix of the known list, i.e. out of order or unknown.
 */
export async function migrateToLatest(db: Db, modules = migrationModules): Promise<MigrateResult> {
  const migrations: Record<string, Migration> = {};
  for (const [name, module] of modules) {
    migrations[name] = { up: (k: Kysely<unknown>) => module.up(k, db.dialect) };
  }
  const migrator = new Migrator({
    db: db.kysely,
    // Kysely looks for its bookkeeping tables in every schema unless told which one; another
    // schema's tables (a second OmniTill, or any Kysely app on the same database) would make it
    // skip creating ours and then fail. Ours live in the schema the connection writes to.
    ...(db.dialect === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
    provider: { getMigrations: () => Promise.resolve(migrations) },
    allowUnorderedMigrations: false,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`Database migration refused: ${message}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check search_path');
  return schema;
}
