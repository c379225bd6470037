import type { Kysely } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';

/**
 * Guessing is slow and seen. Every sign-in and enrolment attempt is counted in the database before
 * the secret is checked, and given back only when it succeeds, so attempts made at the same time
 * (a batched request, several server processes) are counted as strictly as attempts in a row. A
 * bucket that reaches its limit is locked, first for a minute and then twice as long each time up
 * to an hour; a day without failures starts it over. Policy and arithmetic: docs/operations.md §9.
 */
export type AttemptKind = Database['auth_attempts']['kind'];

export type AttemptPolicy = { failures: number; firstLockMs: number; maxLockMs: number };

const MINUTE = 60_000;

export const ATTEMPT_POLICIES: Readonly<Record<AttemptKind, AttemptPolicy>> = {
  /** A person mistypes a password a few times; five in a row is someone trying. */
  login_account: { failures: 5, firstLockMs: MINUTE, maxLockMs: 60 * MINUTE },
  /** One office behind one address may hold many HQ users. */
  login_address: { failures: 50, firstLockMs: MINUTE, maxLockMs: 60 * MINUTE },
  /** Enrolment codes are scanned or typed once per till. */
  enrol_address: { failures: 10, firstLockMs: MINUTE, maxLockMs: 60 * MINUTE },
  /**
   * Webhooks with a wrong signature, per connection and address. An HMAC-SHA256 key cannot be
   * guessed; this bounds the work and the log noise of a misconfigured or hostile sender. Counted
   * only when the signature fails, so a shop's valid deliveries cost no extra write.
   */
  webhook_signature: { failures: 20, firstLockMs: MINUTE, maxLockMs: 60 * MINUTE },
  /** A customer types the code from one receipt; a few slips are normal (docs/web-sdk.md §5). */
  link_visitor: { failures: 5, firstLockMs: MINUTE, maxLockMs: 60 * MINUTE },
  /** A household or an office shares an address; a guesser rotating visitor ids does too. */
  link_address: { failures: 20, firstLockMs: MINUTE, maxLockMs: 60 * MINUTE },
};

/** After this long without a failure, a bucket starts over (count and lockout length). */
export const QUIET_RESET_MS = 24 * 60 * MINUTE;
/** Buckets with no failure for this long and no lockout in force are deleted. */
const KEEP_MS = 7 * 24 * 60 * MINUTE;

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The lockout after the n-th time a bucket reached its limit (n from 0). */
export function lockDurationMs(policy: AttemptPolicy, lockouts: number): number {
  return Math.min(policy.firstLockMs * 2 ** Math.min(lockouts, 30), policy.maxLockMs);
}

/**
 * Counts an attempt as failed unless it is later settled as a success, and says whether it may go
 * ahead. Refused while a lockout is in force; the attempt that reaches the limit still goes ahead
 * and starts the lockout for the next ones.
 */
export async function admitAttempt(
  db: Db,
  kind: AttemptKind,
  key: string,
  now = new Date(),
): Promise<Admission> {
  const at = now.toISOString();
  const policy = ATTEMPT_POLICIES[kind];
  return db.kysely.transaction().execute(async (trx) => {
    // One statement finds or creates the bucket and, on PostgreSQL, locks its row until commit, which
    // serializes concurrent attempts (SQLite runs one transaction at a time). A plain insert that did
    // nothing on conflict took no lock: another attempt's success could delete the bucket before it
    // was read again, and the attempt failed with a server error (tills enrolling together).
    const row = await trx
      .insertInto('auth_attempts')
      .values({
        kind,
        key,
        failures: 0,
        total_failures: 0,
        lockouts: 0,
        locked_until: null,
        first_failed_at: at,
        last_failed_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['kind', 'key']).doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind') })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    const fresh = row.total_failures === 0 && row.lockouts === 0 && row.locked_until === null;
    if (fresh) await pruneStale(trx, now);
    if (row.locked_until !== null && row.locked_until > at) {
      return {
        ok: false,
        retryAfterSeconds: Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 1000),
      };
    }
    const quiet = now.getTime() - Date.parse(row.last_failed_at) > QUIET_RESET_MS;
    let failures = (quiet ? 0 : row.failures) + 1;
    let lockouts = quiet ? 0 : row.lockouts;
    let lockedUntil: string | null = null;
    if (failures >= policy.failures) {
      lockedUntil = new Date(now.getTime() + lockDurationMs(policy, lockouts)).toISOString();
      lockouts += 1;
      failures = 0;
    }
    await trx
      .updateTable('auth_attempts')
      .set({
        failures,
        lockouts,
        locked_until: lockedUntil,
        total_failures: (quiet ? 0 : row.total_failures) + 1,
        first_failed_at: quiet ? at : row.first_failed_at,
        last_failed_at: at,
      })
      .where('kind', '=', kind)
      .where('key', '=', key)
      .execute();
    return { ok: true };
  });
}

/** Seconds left of a lockout in force for the bucket, or null when it may go ahead. */
export async function lockedOutFor(
  db: Db,
  kind: AttemptKind,
  key: string,
  now = new Date(),
): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('auth_attempts')
    .select('locked_until')
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row?.locked_until || row.locked_until <= now.toISOString()) return null;
  return Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 1000);
}

/**
 * Gives back an admitted attempt that succeeded. `clear` also forgets the bucket's earlier
 * failures and lockouts: right for an account whose owner just proved the password, wrong for an
 * address, where one valid account would otherwise wipe the count of guesses at others.
 */
export async function settleSuccess(db: Db, kind: AttemptKind, key: string, clear: boolean): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('auth_attempts')
      .selectAll()
      .where('kind', '=', kind)
      .where('key', '=', key)
      .$if(db.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) return;
    const total = Math.max(row.total_failures - 1, 0);
    if (clear || (total === 0 && row.locked_until === null)) {
      await trx.deleteFrom('auth_attempts').where('kind', '=', kind).where('key', '=', key).execute();
      return;
    }
    await trx
      .updateTable('auth_attempts')
      .set({ failures: Math.max(row.failures - 1, 0), total_failures: total })
      .where('kind', '=', kind)
      .where('key', '=', key)
      .execute();
  });
}

async function pruneStale(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('auth_attempts')
    .where('last_failed_at', '<', new Date(now.getTime() - KEEP_MS).toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
    .execute();
}

export type AttemptSummary = {
  kind: AttemptKind;
  key: string;
  failures: number;
  firstFailedAt: string;
  lastFailedAt: string;
  lockedUntil: string | null;
};

/** Recent failures per account and address, newest first, with lockouts still in force. */
export async function recentFailures(db: Db, now = new Date(), limit = 200): Promise<AttemptSummary[]> {
  const rows = await db.kysely
    .selectFrom('auth_attempts')
    .selectAll()
    .where('total_failures', '>', 0)
    .where('last_failed_at', '>', new Date(now.getTime() - KEEP_MS).toISOString())
    .orderBy('last_failed_at', 'desc')
    .orderBy('kind')
    .orderBy('key')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    key: r.key,
    failures: r.total_failures,
    firstFailedAt: r.first_failed_at,
    lastFailedAt: r.last_failed_at,
    lockedUntil: r.locked_until !== null && r.locked_until > now.toISOString() ? r.locked_until : null,
  }));
}
