import { resolve } from 'node:path';
import { z } from 'zod';
import { parseUnknown } from '../shared/validation';
import { webhookSecretSchema } from './webshop/connections';
import { makeSecuritySettings, securityEnvFields, type SecuritySettings } from './security/settings';

const port = z.coerce.number().int().min(0).max(65535);

/**
 * The server's environment. The `npm start` launcher extends this same schema with its own
 * fields (tools/launchEnv.ts), so PORT, HOST, DATA_DIR and DATABASE_URL mean one thing everywhere.
 */
export const serverEnvSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Extra origins allowed to call /trpc with credentials (HQ hosted elsewhere). Comma-separated. */
  HQ_ORIGINS: z.string().default(''),
  /**
   * `auto` loads the demo chain (stores, catalog, customers, a demo HQ admin) when it is missing.
   * A server starts empty unless asked: only `npm start` and `npm run seed` bring demo data.
   */
  SEED_DEMO: z.enum(['auto', 'never']).default('never'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * The webhook secret of the demo chain's web shops (docs/webshop-ingestion.md §1), so a demo
   * shop can be pointed at a fresh server without copying a generated one. Demo only.
   */
  OMNITILL_DEMO_WEBHOOK_SECRET: webhookSecretSchema.optional().or(z.literal('').transform(() => undefined)),
  /**
   * The secret erased identifiers are hashed with (docs/identity.md §7): at least 32 characters,
   * the same for the life of the data. Unset: the server generates one into DATA_DIR once (the demo).
   */
  IDENTITY_HMAC_KEY: z
    .string()
    .min(32, 'IDENTITY_HMAC_KEY must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** TRUSTED_PROXIES, SECURE_COOKIES, PUBLIC_URL (docs/operations.md §9). */
  ...securityEnvFields,
});

export type Env = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  hqOrigins: string[];
  seedDemo: 'auto' | 'never';
  demoWebhookSecret: string | undefined;
  logLevel: z.output<typeof serverEnvSchema>['LOG_LEVEL'];
  /** undefined: use (or create) the key file in `dataDir`. */
  identityHmacKey: string | undefined;
  security: SecuritySettings;
};

/**
 * Checks an environment against a schema; a bad value throws once at start-up, naming the
 * variable (`PORT: Invalid input: …`). Shared by the server and the launcher.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: unknown): z.output<S> {
  const parsed = parseUnknown(schema, source);
  if (!parsed.ok) throw new Error(`Invalid environment:\n${parsed.error}`);
  return parsed.value;
}

/** The server's settings, read and checked once at start-up. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const env = parseEnv(serverEnvSchema, source);
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    hqOrigins: env.HQ_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    seedDemo: env.SEED_DEMO,
    demoWebhookSecret: env.OMNITILL_DEMO_WEBHOOK_SECRET,
    logLevel: env.LOG_LEVEL,
    identityHmacKey: env.IDENTITY_HMAC_KEY,
    security: makeSecuritySettings({
      trustedProxies: env.TRUSTED_PROXIES,
      secureCookies: env.SECURE_COOKIES === '1',
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    }),
  };
}

/** The address a browser on this machine uses to reach a server listening on `host:port`. */
export function localUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
