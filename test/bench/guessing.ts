import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../server/auth/secrets';
import { connect } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { createEnrolmentCode } from '../../server/devices/enrolment';
import { createStore } from '../../server/hq/stores';
import { createHttpServer } from '../../server/http';
import { uuidv7 } from '../../shared/domain/uuidv7';

const SECONDS = Number(process.env.BENCH_GUESS_SECONDS ?? 10);
const BATCH = 100;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * How fast an attacker can guess an HQ password or an enrolment code over HTTP, from one address:
 * batched tRPC requests (100 calls each), two in flight, for a fixed time. A guess counts as tried
 * when the server checked it (401 or 404); refused guesses (429) never reach the secret.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-guess-'));
  const db = connect({ dialect: 'sqlite', dataDir });
  await migrateToLatest(db);
  await db.kysely
    .insertInto('hq_users')
    .values({
      id: uuidv7(),
      email: 'admin@bench.local',
      name: 'Admin',
      role: 'admin',
      password_hash: await hashPassword('the-real-password'),
      created_at: new Date().toISOString(),
    })
    .execute();
  const store = await createStore(db, { code: 'B-1', name: 'Bench', currency: 'RUB' });
  if (!store.ok) throw new Error('store not created');
  const real = await createEnrolmentCode(db, store.id, 60);
  const server: Server = createHttpServer({ db });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const randomCode = () => {
    const symbols = [...randomBytes(real.code.replace(/-/g, '').length)].map((b) => CROCKFORD[b % 32]);
    return real.code.replace(/[^-]/g, () => symbols.shift() ?? '0');
  };
  await guess(base, 'hq.login', () => ({
    email: 'admin@bench.local',
    password: randomBytes(6).toString('hex'),
  }));
  await guess(base, 'device.enroll', () => ({ code: randomCode(), name: 'Guesser' }));

  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function guess(base: string, procedure: string, input: () => unknown): Promise<void> {
  const counts = new Map<string, number>();
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = Object.fromEntries(Array.from({ length: BATCH }, (_, i) => [String(i), input()]));
      const res = await fetch(`${base}/trpc/${Array(BATCH).fill(procedure).join(',')}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify(body),
      });
      const answers = (await res.json().catch(() => [])) as { error?: { data?: { code?: string } } }[];
      const list = Array.isArray(answers) ? answers : [answers];
      for (const answer of list) {
        const code = answer.error?.data?.code ?? 'OK';
        counts.set(code, (counts.get(code) ?? 0) + 1);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  const seconds = (performance.now() - started) / 1000;
  const tried = (counts.get('UNAUTHORIZED') ?? 0) + (counts.get('NOT_FOUND') ?? 0);
  const refused = counts.get('TOO_MANY_REQUESTS') ?? 0;
  console.log(
    `${procedure}: ${tried} guesses checked in ${seconds.toFixed(1)} s = ${(tried / seconds).toFixed(1)}/s; ` +
      `${refused} refused with 429; answers ${JSON.stringify(Object.fromEntries(counts))}`,
  );
}
