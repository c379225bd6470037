import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countHqUsers } from './admin/hqAdmins';
import type { Db } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { openFromEnv } from './db/openFromEnv';
import { createEnrolmentCode } from './devices/enrolment';
import { localUrl, type Env } from './env';
import { createHttpServer } from './http';
import { setSuppressionKey } from './identity';
import { demoIdentityKey } from './identity/demoKey';
import { DEMO_STORES, seedDemo, type SeedResult } from './seed/seedDemo';
import { startSnapshotWarmer } from './sync/snapshotWarmer';
import { startWebshopJobs } from './webshop/jobs';
import { ensureDemoConnections, type DemoConnection } from './seed/demoConnections';

export type RunningServer = {
  db: Db;
  server: Server;
  url: string;
  seed: SeedResult | null;
  /** HQ users in the database; 0 on a fresh server, which then says how to create the first. */
  hqUsers: number;
  /** The demo web shops' ingestion paths and secrets, when the demo chain is loaded. */
  demoConnections: DemoConnection[];
  enrolmentCodes: { storeCode: string; storeName: string; code: string; expiresAt: string }[];
  close(): Promise<void>;
};

/** Opens the database, migrates, seeds the demo chain when asked, and listens. */
export async function startServer(env: Env, options: { rendererDist?: string } = {}): Promise<RunningServer> {
  setSuppressionKey(env.identityHmacKey ?? demoIdentityKey(env.dataDir));
  const db = openFromEnv(env);
  await migrateToLatest(db);
  const seed = env.seedDemo === 'auto' ? await seedDemo(db, env.dataDir) : null;
  const demoConnections = seed ? await ensureDemoConnections(db, env.demoWebhookSecret) : [];

  const enrolmentCodes = [];
  if (seed) {
    const stores = await db.kysely
      .selectFrom('stores')
      .select(['id', 'code', 'name'])
      .where(
        'code',
        'in',
        DEMO_STORES.map((s) => s.code),
      )
      .orderBy('code')
      .execute();
    for (const store of stores) {
      const { code, expiresAt } = await createEnrolmentCode(db, store.id);
      enrolmentCodes.push({ storeCode: store.code, storeName: store.name, code, expiresAt });
    }
  }

  const jobs = startWebshopJobs(db);
  const snapshots = startSnapshotWarmer(db);
  const server = createHttpServer({
    db,
    onWebhookStored: () => jobs.kick(),
    hqOrigins: env.hqOrigins,
    security: env.security,
    ...(options.rendererDist ? { rendererDist: options.rendererDist } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = localUrl(env.host, port);
  const hqUsers = await countHqUsers(db);
  return {
    db,
    server,
    url,
    seed,
    hqUsers,
    demoConnections,
    enrolmentCodes,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.stop();
      await snapshots.stop();
      await db.close();
    },
  };
}
