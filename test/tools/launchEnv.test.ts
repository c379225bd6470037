import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../server/env';
import { readLaunchEnv } from '../../tools/launchEnv';

describe('npm start reads the environment with the server’s own schema', () => {
  it('asks for the demo chain and quiet logs, and gives the server the same port and folder', () => {
    const env = readLaunchEnv({ PORT: '9100', DATA_DIR: 'somewhere' });
    expect(env).toMatchObject({
      port: 9100,
      storePort: 9101,
      serverUrl: 'http://127.0.0.1:9100',
      dataDir: resolve('somewhere'),
      browser: false,
      demoScanner: true,
    });
    expect(env.serverEnv).toMatchObject({ PORT: '9100', SEED_DEMO: 'auto', LOG_LEVEL: 'warn' });
    // The server reading what the launcher hands it agrees on every shared setting.
    expect(readEnv(env.serverEnv)).toMatchObject({
      port: 9100,
      dataDir: resolve('somewhere'),
      seedDemo: 'auto',
      logLevel: 'warn',
    });
  });

  it('keeps what the person asked for', () => {
    const env = readLaunchEnv({
      SEED_DEMO: 'never',
      LOG_LEVEL: 'debug',
      STORE_PORT: '9300',
      HOST: '0.0.0.0',
    });
    expect(env.serverEnv).toMatchObject({ SEED_DEMO: 'never', LOG_LEVEL: 'debug' });
    expect(env).toMatchObject({ storePort: 9300, serverUrl: 'http://127.0.0.1:8787' });
  });

  it('refuses what the server would refuse, and a port it could not come back to', () => {
    expect(() => readLaunchEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => readLaunchEnv({ PORT: '0' })).toThrow(/PORT/);
    expect(() => readLaunchEnv({ OMNITILL_BROWSER: 'yes' })).toThrow(/OMNITILL_BROWSER/);
  });
});
