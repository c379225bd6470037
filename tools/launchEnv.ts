import { resolve } from 'node:path';
import { z } from 'zod';
import { localUrl, parseEnv, serverEnvSchema } from '../server/env';

const flag = z.enum(['0', '1']);

/** The server's own schema (PORT, HOST, DATA_DIR, DATABASE_URL…) plus what only `npm start` reads. */
export const launchEnvSchema = serverEnvSchema.extend({
  /** A fixed port (not 0): a restarted server must come back where the store app looks for it. */
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /** The browser-mode store app's port; PORT+1 when unset. */
  STORE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** The demo web shop's port (http://localhost:<port>, an allowed origin of `demo-generic`). */
  SHOP_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** 1: the store app in the browser even where Electron is installed. */
  OMNITILL_BROWSER: flag.default('0'),
  /** The demo serial scanner (a socat pair) that `npm run scan` types into; on unless 0. */
  OMNITILL_DEMO_SCANNER: flag.default('1'),
  /** `npm start` is the demo: it asks the server for the demo chain unless told `never`. */
  SEED_DEMO: serverEnvSchema.shape.SEED_DEMO.unwrap().default('auto'),
  /** The terminal is for people here: the server logs warnings and errors unless asked for more. */
  LOG_LEVEL: serverEnvSchema.shape.LOG_LEVEL.unwrap().default('warn'),
});

export type LaunchEnv = {
  port: number;
  storePort: number;
  shopPort: number;
  host: string;
  databaseUrl: string | undefined;
  seedDemo: boolean;
  dataDir: string;
  serverUrl: string;
  browser: boolean;
  demoScanner: boolean;
  /** The environment the server process gets: the caller's, with the launcher's choices applied. */
  serverEnv: NodeJS.ProcessEnv;
};

export function readLaunchEnv(source: NodeJS.ProcessEnv = process.env): LaunchEnv {
  const env = parseEnv(launchEnvSchema, source);
  const port = env.PORT;
  return {
    port,
    storePort: env.STORE_PORT ?? port + 1,
    shopPort: env.SHOP_PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    seedDemo: env.SEED_DEMO === 'auto',
    dataDir: resolve(env.DATA_DIR),
    serverUrl: localUrl(env.HOST, port),
    browser: env.OMNITILL_BROWSER === '1',
    demoScanner: env.OMNITILL_DEMO_SCANNER === '1',
    serverEnv: {
      ...source,
      PORT: String(port),
      HOST: env.HOST,
      DATA_DIR: resolve(env.DATA_DIR),
      SEED_DEMO: env.SEED_DEMO,
      LOG_LEVEL: env.LOG_LEVEL,
    },
  };
}
