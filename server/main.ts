import { startServer } from './app';
import { readEnv } from './env';

/** `npm run server`: the sync server and HQ alone, configured by PORT, DATA_DIR and DATABASE_URL. */
async function main() {
  const env = readEnv();
  const running = await startServer(env);
  const where = running.db.dialect === 'sqlite' ? `SQLite in ${env.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const lines = [
    `OmniTill server on ${running.url} — ${where}`,
    `  HQ:      ${running.url}/hq/`,
    `  health:  ${running.url}/healthz`,
  ];
  if (running.seed) {
    lines.push(
      `  HQ login: ${running.seed.adminEmail} / ${running.seed.adminPassword ?? '(see demo-admin.json in the data folder)'}`,
    );
    for (const c of running.enrolmentCodes) {
      lines.push(
        `  enrolment code for ${c.storeCode} (${c.storeName}): ${c.code}  (valid until ${c.expiresAt})`,
      );
    }
  }
  console.log(lines.join('\n'));
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
