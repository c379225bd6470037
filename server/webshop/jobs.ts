import type { Db } from '../db/connect';
import { processInbox } from '../ingest/worker';
import { logger } from '../log';
import { expireOverdueParts } from '../pickup/expiry';
import { deliverDueEvents, type SenderOptions } from './outbound';

export type WebshopJobs = { kick(): void; stop(): Promise<void> };

export type JobOptions = {
  pollMs?: number;
  expiryEveryMs?: number;
  sender?: SenderOptions;
};

/**
 * The server's background work for web shops, in this process: the ingestion worker (woken at
 * once when a delivery is stored, and polling besides, for deliveries another process stored), the
 * outbound webhook sender and the hold-period expiry. Every step is safe with several processes on
 * one PostgreSQL (docs/webshop-ingestion.md §4.2); on SQLite run one process.
 */
export function startWebshopJobs(db: Db, options: JobOptions = {}): WebshopJobs {
  const pollMs = options.pollMs ?? 1000;
  const expiryEveryMs = options.expiryEveryMs ?? 60_000;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let lastExpiry = 0;

  const cycle = async () => {
    do {
      again = false;
      await step('ingest', () => processInbox(db));
      await step('outbound', () => deliverDueEvents(db, options.sender));
      if (Date.now() - lastExpiry >= expiryEveryMs) {
        lastExpiry = Date.now();
        await step('expiry', () => expireOverdueParts(db));
      }
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = cycle().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(kick, pollMs);
  timer.unref();
  kick();
  return {
    kick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

async function step(name: string, run: () => Promise<number>): Promise<void> {
  try {
    await run();
  } catch (error) {
    // The next cycle tries again; a job's failure must not stop the server.
    logger.error({ err: error, job: name }, 'web-shop job failed');
  }
}
