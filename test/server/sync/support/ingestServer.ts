import type { AddressInfo } from 'node:net';
import { connect } from '../../../../server/db/connect';
import { createHttpServer } from '../../../../server/http';

/**
 * The push endpoint in a process of its own, on a database the test prepared, so the test can
 * kill it with SIGKILL in the middle of a batch. Env: DATA_DIR (SQLite) or PG_URL and PG_SCHEMA.
 */
const db = process.env.PG_SCHEMA
  ? connect({ dialect: 'postgres', url: process.env.PG_URL!, schema: process.env.PG_SCHEMA })
  : connect({ dialect: 'sqlite', dataDir: process.env.DATA_DIR! });
const server = createHttpServer({ db });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`);
});
