import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { connect, type ConnectOptions, type Db } from '../../../server/db/connect';
import { migrateToLatest } from '../../../server/db/migrate';
import { createHttpServer } from '../../../server/http';

/** The server pieces a figure needs: this checkout's, or another's to compare with. */
export type Product = {
  connect: (options: ConnectOptions) => Db;
  migrateToLatest: (db: Db) => Promise<unknown>;
  createHttpServer: typeof createHttpServer;
};

export const current: Product = { connect, migrateToLatest, createHttpServer };

/** Another checkout of the server (its own source, the same schema), loaded beside this one. */
export async function load(dir: string): Promise<Product> {
  const from = (file: string) =>
    import(pathToFileURL(join(dir, file)).href) as Promise<Record<string, unknown>>;
  const [db, migrate, http] = await Promise.all([
    from('server/db/connect.ts'),
    from('server/db/migrate.ts'),
    from('server/http.ts'),
  ]);
  return {
    connect: db.connect as Product['connect'],
    migrateToLatest: migrate.migrateToLatest as Product['migrateToLatest'],
    createHttpServer: http.createHttpServer as Product['createHttpServer'],
  };
}
