import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Neither package ships types; the bench only needs their constructor and request handler.
const require = createRequire(import.meta.url);
type PouchStatic = { defaults(options: { prefix: string }): PouchStatic };
const PouchDB = require('pouchdb') as PouchStatic;
const expressPouchDb = require('express-pouchdb') as (
  pouch: PouchStatic,
  options: { mode: string; inMemoryConfig: boolean; logPath: string },
) => (req: unknown, res: unknown) => void;

export type PouchServer = { url: string; close(): Promise<void> };

/**
 * The reference peer: express-pouchdb over PouchDB's LevelDB adapter in a folder of its own, the
 * CouchDB HTTP API PouchDB replicates to. Answers cross-origin calls from the bench page.
 */
export async function startPouchServer(): Promise<PouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-bench-pouch-'));
  const app = expressPouchDb(PouchDB.defaults({ prefix: `${dir}/` }), {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: join(dir, 'log.txt'),
  });
  const server: Server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', 'accept, authorization, content-type, origin, referer');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, HEAD, DELETE');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    app(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
