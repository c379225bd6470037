import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { migrationModules } from '../../server/db/migrations/index';
import { PG_URL, skipEngine } from '../server/support/databases';

/** Two server databases as schemas of one PostgreSQL database, e.g. two chains or a staging copy. */
describe.skipIf(skipEngine('postgres'))('migrating a schema beside another migrated one', () => {
  const schemas: string[] = [];
  const dbs: Db[] = [];
  const open = async (): Promise<Db> => {
    const schema = `m_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    schemas.push(schema);
    const db = connect({ dialect: 'postgres', url: PG_URL, schema, poolSize: 2 });
    dbs.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((db) => db.close()));
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    for (const schema of schemas.splice(0)) await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  });

  it('creates its own migration tables instead of taking the other schema’s for its own', async () => {
    const first = await open();
    await migrateToLatest(first);
    const second = await open();
    const { applied } = await migrateToLatest(second);
    expect(applied).toEqual(migrationModules.map(([name]) => name));
    expect(await second.kysely.selectFrom('stores').select('id').execute()).toEqual([]);
  });
});
