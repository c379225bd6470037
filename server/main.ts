import { startServer } from './app';
import { readEnv } from './env';
import { logger, print, printError } from './log';

/** `npm run server`: the sync server and HQ alone, configured by PORT, DATA_DIR and DATABASE_URL. */
async function main() {
  const env = readEnv();
  logger.level = env.logLevel;
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
    for (const c of running.demoConnections) {
      lines.push(`  web shop ${c.id}: POST ${running.url}${c.path}  secret: ${c.secret}`);
    }
    for (const c of running.enrolmentCodes) {
      lines.push(
        `  enrolment code for ${c.storeCode} (${c.storeName}): ${c.code}  (valid until ${c.expiresAt})`,
      );
    }
  } else if (running.hqUsers === 0) {
    lines.push(
      '  No HQ user yet. Create the first admin (its password is printed once):',
      '    npm run admin -- create you@example.com',
      '  Or load the demo chain with its demo admin: npm run seed',
    );
  }
  print(lines.join('\n'));
  logger.info({ url: running.url, db: running.db.dialect, hqUsers: running.hqUsers }, 'server listening');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'server stopping');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
}

main().catch((error: unknown) => {
  printError(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
