import { resolve } from 'node:path';
import { z } from 'zod';
import { readSecuritySettings, type SecuritySettings } from './security/settings';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Extra origins allowed to call /trpc with credentials (HQ hosted elsewhere). Comma-separated. */
  HQ_ORIGINS: z.string().default(''),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
});

export type Env = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  hqOrigins: string[];
  seedDemo: 'auto' | 'never';
  /** TRUSTED_PROXIES, SECURE_COOKIES, PUBLIC_URL (docs/operations.md §9). */
  security: SecuritySettings;
};

/** Reads and checks the environment once at start-up; a bad value stops the server with its name. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    hqOrigins: env.HQ_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    seedDemo: env.SEED_DEMO,
    security: readSecuritySettings(source),
  };
}
