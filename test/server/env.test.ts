import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../server/env';

describe('server environment', () => {
  it('has defaults for a fresh machine', () => {
    expect(readEnv({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dataDir: resolve('data'),
      databaseUrl: undefined,
      hqOrigins: [],
      seedDemo: 'never',
      logLevel: 'info',
      identityHmacKey: undefined,
      security: expect.objectContaining({ secureCookies: false, publicOrigin: null }) as unknown,
    });
  });

  it('reads PostgreSQL and origins, and treats an empty DATABASE_URL as unset', () => {
    const env = readEnv({
      DATABASE_URL: 'postgres://u@db/omnitill',
      HQ_ORIGINS: 'https://hq.example, https://x.example',
      PORT: '9000',
    });
    expect(env).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://u@db/omnitill',
      hqOrigins: ['https://hq.example', 'https://x.example'],
    });
    expect(readEnv({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => readEnv({ SEED_DEMO: 'sometimes' })).toThrow(/SEED_DEMO/);
    expect(() => readEnv({ IDENTITY_HMAC_KEY: 'short' })).toThrow(/IDENTITY_HMAC_KEY/);
  });

  it('reads the identity key, and treats an empty one as unset', () => {
    const key = 'k'.repeat(32);
    expect(readEnv({ IDENTITY_HMAC_KEY: key }).identityHmacKey).toBe(key);
    expect(readEnv({ IDENTITY_HMAC_KEY: '' }).identityHmacKey).toBeUndefined();
  });
});
