import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import type { Sale } from '../../../shared/domain/sale';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OutboxOp } from '../../../shared/sync/protocol';
import type { Db } from '../../../server/db/connect';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { appendEntry } from '../../../server/loyalty/ledger';
import { SET_ASIDE_AFTER_FAILURES } from '../../../server/sync/opFailures';
import { engines, openTestDb, skipEngine, type Engine, type TestDb } from '../support/databases';
import { count, makeSale, saleOp, setUpChain } from '../support/chain';
import { chainConfig, loyaltySale } from '../loyalty/saleLoyalty';

/** A receipt number the test's trigger refuses, as a constraint the data can break would. */
const POISON = 'POISON-1';

/**
 * A database fault an operation's own data causes, neither a conflict nor a refused value: a
 * trigger that refuses one receipt number. The push can only answer it as a server error.
 */
async function refuseReceiptByTrigger(db: Db, engine: Engine) {
  await refuseByTrigger(db, engine, 'sales', 'receipt_no', POISON);
}

/** A trigger that refuses a row of `table` whose `column` holds `value`. */
async function refuseByTrigger(db: Db, engine: Engine, table: string, column: string, value: string) {
  if (engine === 'sqlite') {
    await sql
      .raw(
        `create trigger refuse_poison before insert on ${table} when new.${column} = '${value}'
         begin select raise(abort, 'receipt refused by the database'); end`,
      )
      .execute(db.kysely);
    return;
  }
  await sql
    .raw(
      `create function refuse_poison() returns trigger language plpgsql as $$
       begin
         if new.${column} = '${value}' then raise exception 'receipt refused by the database'; end if;
         return new;
       end $$`,
    )
    .execute(db.kysely);
  await sql
    .raw(
      `create trigger refuse_poison before insert on ${table} for each row execute function refuse_poison()`,
    )
    .execute(db.kysely);
}

const deviceFigures = (db: Db, deviceId: string) =>
  db.kysely
    .selectFrom('devices')
    .select(['last_push_at', 'last_seen_at', 'clock_skew_ms', 'offline_delay_ms'])
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();

describe.each(engines)('a batch applied in one transaction on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    const installId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    const push = (ops: OutboxOp[], till = chain.tillA) =>
      till.caller.sync.push({ deviceId: till.deviceId, installId, ops, sentAt: new Date().toISOString() });
    const statuses = (answer: Awaited<ReturnType<typeof push>>) => answer.results.map((r) => r.status);

    it('records a batch of new sales at once, each with its own answer, its loyalty and its summary', async () => {
      const ops = Array.from({ length: 40 }, (_, i) => saleOp(i + 1));
      const answer = await push(ops);
      expect(statuses(answer)).toEqual(ops.map(() => 'applied'));
      expect(answer.results.map((r) => r.opId)).toEqual(ops.map((o) => o.opId));
      expect(answer.ackedThroughSeq).toBe(40);
      expect(await count(t.db, 'sales')).toBe(40);
      expect(await count(t.db, 'applied_ops')).toBe(40);
      const account = await t.db.kysely
        .selectFrom('loyalty_accounts')
        .selectAll()
        .where('customer_id', '=', 'cust-1')
        .executeTakeFirstOrThrow();
      const spent = ops.reduce((sum, op) => sum + (op.payload as Sale).totalMinor, 0);
      expect(Number(account.lifetime_spend_minor)).toBe(spent);
      // One summary per sale, the last one what the account holds now.
      const summaries = await t.db.kysely
        .selectFrom('change_log')
        .select('data')
        .where('topic', '=', 'customer_summary')
        .orderBy('id')
        .execute();
      expect(summaries).toHaveLength(40);
      expect(JSON.parse(summaries.at(-1)!.data!)).toMatchObject({ customerId: 'cust-1', pointsBalance: 0 });
      // The device's figures, written with the batch (on PostgreSQL in its last statement).
      const device = await deviceFigures(t.db, chain.tillA.deviceId);
      expect(device).toMatchObject({ last_push_at: answer.serverTime, last_seen_at: answer.serverTime });
      expect(device.offline_delay_ms).not.toBeNull();

      // The same batch again (a lost answer): every operation is a duplicate with its first outcome.
      const again = await push(ops);
      expect(statuses(again)).toEqual(ops.map(() => 'duplicate'));
      expect(await count(t.db, 'sales')).toBe(40);
    });

    it('rejects a bad operation alone inside a batch and applies the others', async () => {
      const wrongCurrency = saleOp(2, makeSale({ currency: 'EUR' }));
      const badHash = { ...saleOp(4), payloadHash: 'f'.repeat(64) };
      const ops = [saleOp(1), wrongCurrency, saleOp(3), badHash, saleOp(5)];
      const answer = await push(ops);
      expect(statuses(answer)).toEqual(['applied', 'rejected', 'applied', 'rejected', 'applied']);
      expect(answer.results[1]).toMatchObject({ reason: 'currency_mismatch', quarantined: false });
      expect(answer.results[3]).toMatchObject({ reason: 'hash_mismatch', quarantined: true });
      expect(answer.ackedThroughSeq).toBe(5);
      expect(await count(t.db, 'sales')).toBe(3);
      expect(await count(t.db, 'quarantined_ops')).toBe(1);
    });

    it('answers a duplicate inside a batch and across batches with the first outcome', async () => {
      const [one, two, three] = [saleOp(1), saleOp(2), saleOp(3)];
      const first = await push([one, two, two]);
      expect(statuses(first)).toEqual(['applied', 'applied', 'duplicate']);
      expect(first.results[2]).toMatchObject({
        outcome: { outcome: 'applied', entityId: (two.payload as Sale).saleId },
      });
      const second = await push([two, three]);
      expect(statuses(second)).toEqual(['duplicate', 'applied']);
      expect(second.ackedThroughSeq).toBe(3);
      expect(await count(t.db, 'sales')).toBe(3);
    });

    it('rejects alone a new operation whose sale id, receipt number or link code is already recorded', async () => {
      const code = makeLinkCode(randomBytes(9));
      const first = makeSale({ receiptNo: 'R-1', linkCode: code });
      expect(statuses(await push([saleOp(1, first)]))).toEqual(['applied']);
      const ops = [
        saleOp(2, makeSale({ receiptNo: 'R-2' })),
        // New operations, each reusing something the first sale holds.
        saleOp(3, makeSale({ saleId: first.saleId, receiptNo: 'R-3' })),
        saleOp(4, makeSale({ receiptNo: 'R-1' })),
        saleOp(5, makeSale({ receiptNo: 'R-5', linkCode: code })),
        saleOp(6, makeSale({ receiptNo: 'R-6' })),
      ];
      const answer = await push(ops);
      expect(statuses(answer)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied']);
      expect(answer.results.map((r) => (r.status === 'rejected' ? r.reason : null))).toEqual([
        null,
        'sale_id_taken',
        'receipt_no_taken',
        'link_code_taken',
        null,
      ]);
      expect(answer.ackedThroughSeq).toBe(6);
      expect(await count(t.db, 'sales')).toBe(3);
    });

    it('links each card sale once to the card the identity graph knows, whichever way the batch is applied', async () => {
      const links = async () =>
        (
          await t.db.kysely
            .selectFrom('identity_links as l')
            .innerJoin('identity_identifiers as i', 'i.id', 'l.identifier_id')
            .select(['i.value', 'i.customer_id', 'l.source_ref'])
            .where('l.evidence', '=', 'card_at_sale')
            .execute()
        ).sort((a, b) => a.source_ref.localeCompare(b.source_ref));
      const linkOf = (op: OutboxOp) => ({
        value: '9900000000017',
        customer_id: 'cust-1',
        source_ref: `sale:${(op.payload as Sale).saleId}`,
      });
      // The first sale on the card puts it in the graph; the next thirty find it there, at once.
      const first = saleOp(1);
      expect(statuses(await push([first]))).toEqual(['applied']);
      const batch = Array.from({ length: 30 }, (_, i) => saleOp(i + 2));
      expect(statuses(await push(batch))).toEqual(batch.map(() => 'applied'));
      expect(statuses(await push(batch))).toEqual(batch.map(() => 'duplicate'));
      // A batch with a duplicate and a bad operation in it: each answered alone, one at a time.
      const badHash = { ...saleOp(33), payloadHash: 'f'.repeat(64) };
      const mixed = [saleOp(32), batch[0]!, badHash, saleOp(34)];
      expect(statuses(await push(mixed))).toEqual(['applied', 'duplicate', 'rejected', 'applied']);
      const applied = [first, ...batch, mixed[0]!, mixed[3]!];
      expect(await links()).toEqual(
        applied.map(linkOf).sort((a, b) => a.source_ref.localeCompare(b.source_ref)),
      );
      expect(await count(t.db, 'sales')).toBe(applied.length);
    });

    it('answers a sale alone when the batch fails at its last statement, its loyalty, with the device noted once', async () => {
      await publishLoyaltyConfig(t.db.kysely, chainConfig, new Date().toISOString());
      const poisoned = loyaltySale('base', 0, [[30_000, 1000]]);
      await refuseByTrigger(t.db, engine, 'loyalty_ledger', 'sale_id', poisoned.saleId);
      const ops = [
        saleOp(1, loyaltySale('base', 0, [[20_000, 1000]])),
        saleOp(2, poisoned),
        saleOp(3, loyaltySale('base', 0, [[40_000, 1000]])),
      ];
      const answer = await push(ops);
      expect(statuses(answer)).toEqual(['applied', 'retry', 'retry']);
      expect(answer.results[1]).toMatchObject({ reason: 'server_error' });
      expect(answer.ackedThroughSeq).toBe(1);
      // Nothing of the batch statements is left: only the first sale, its ledger and its spend.
      expect(await count(t.db, 'sales')).toBe(1);
      const ledger = await t.db.kysely.selectFrom('loyalty_ledger').select('sale_id').execute();
      expect(ledger.map((e) => e.sale_id)).toEqual([(ops[0]!.payload as Sale).saleId]);
      const account = await t.db.kysely
        .selectFrom('loyalty_accounts')
        .select('lifetime_spend_minor')
        .executeTakeFirstOrThrow();
      expect(Number(account.lifetime_spend_minor)).toBe((ops[0]!.payload as Sale).totalMinor);
      const device = await deviceFigures(t.db, chain.tillA.deviceId);
      expect(device).toMatchObject({ last_push_at: answer.serverTime, last_seen_at: answer.serverTime });
    });

    it('stops at a gap in the middle of a batch, keeping what came before it', async () => {
      const answer = await push([saleOp(1), saleOp(2), saleOp(4), saleOp(5)]);
      expect(statuses(answer)).toEqual(['applied', 'applied', 'gap', 'retry']);
      expect(answer.results[2]).toMatchObject({ expectedSeq: 3 });
      expect(answer.results[3]).toMatchObject({ reason: 'after_earlier_failure' });
      expect(answer.ackedThroughSeq).toBe(2);
      expect(await count(t.db, 'sales')).toBe(2);
    });

    it('counts a server error inside a batch towards setting it aside, then lets the later sales through', async () => {
      await refuseReceiptByTrigger(t.db, engine);
      const ops = [saleOp(1), saleOp(2, makeSale({ receiptNo: POISON })), saleOp(3)];
      for (let attempt = 1; attempt < SET_ASIDE_AFTER_FAILURES; attempt++) {
        const answer = await push(ops);
        expect(statuses(answer)).toEqual([attempt === 1 ? 'applied' : 'duplicate', 'retry', 'retry']);
        expect(answer.results[1]).toMatchObject({ reason: 'server_error' });
        expect(answer.results[2]).toMatchObject({ reason: 'after_earlier_failure' });
        expect(answer.ackedThroughSeq).toBe(1);
      }
      const failures = await t.db.kysely.selectFrom('op_failures').selectAll().executeTakeFirstOrThrow();
      expect(failures).toMatchObject({ op_id: ops[1]!.opId, attempts: SET_ASIDE_AFTER_FAILURES - 1 });
      expect(failures.last_error).toContain('receipt refused by the database');

      const last = await push(ops);
      expect(statuses(last)).toEqual(['duplicate', 'rejected', 'applied']);
      expect(last.results[1]).toMatchObject({ reason: 'failed_repeatedly', quarantined: true });
      expect(last.ackedThroughSeq).toBe(3);
      expect(await count(t.db, 'sales')).toBe(2);
      const kept = await t.db.kysely.selectFrom('quarantined_ops').selectAll().executeTakeFirstOrThrow();
      expect(kept).toMatchObject({ op_id: ops[1]!.opId, reason: 'failed_repeatedly', seq: 2 });
    });
  });
});

/**
 * The batch of new sales and the one-operation-at-a-time path write the same rows: the same sales
 * pushed into two fresh databases, once as they are and once with an operation that sends the
 * whole batch down the savepoint path.
 */
describe.each(engines)('both ways of applying a batch write the same on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    const opened: TestDb[] = [];
    afterEach(async () => {
      for (const t of opened.splice(0)) await t.dispose();
    });

    async function recorded(ops: OutboxOp[]) {
      const t = await openTestDb(engine);
      opened.push(t);
      const chain = await setUpChain(t.db);
      const now = new Date().toISOString();
      await t.db.kysely.transaction().execute(async (trx) => {
        await publishLoyaltyConfig(trx, chainConfig, now);
        await appendEntry(
          trx,
          {
            customerId: 'cust-1',
            cardNumber: '9900000000017',
            kind: 'adjustment',
            points: 100,
            sourceId: 'w',
          },
          now,
        );
      });
      const answer = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops,
      });
      const db = t.db.kysely;
      return {
        statuses: answer.results.map((r) => r.status),
        sales: await db
          .selectFrom('sales')
          .select(['id', 'op_id', 'receipt_no', 'customer_id', 'total_minor', 'loyalty_discount_minor'])
          .orderBy('id')
          .execute(),
        lines: await count(t.db, 'sale_lines'),
        ledger: await db
          .selectFrom('loyalty_ledger')
          .select(['kind', 'points', 'overdraft', 'mismatch', 'sale_id', 'op_id'])
          .where('kind', '!=', 'adjustment')
          .orderBy('sale_id')
          .orderBy('kind')
          .execute(),
        account: await db
          .selectFrom('loyalty_accounts')
          .select(['points_balance', 'lifetime_spend_minor'])
          .execute(),
        summaries: (
          await db
            .selectFrom('change_log')
            .select('data')
            .where('topic', '=', 'customer_summary')
            .orderBy('id')
            .execute()
        ).map((r) => JSON.parse(r.data!) as unknown),
        // The identity graph: the card, with one link per card sale.
        identifiers: await db
          .selectFrom('identity_identifiers')
          .select(['type', 'value', 'customer_id', 'verified'])
          .execute(),
        links: (
          await db.selectFrom('identity_links').select(['evidence', 'source_ref', 'verified']).execute()
        ).sort((a, b) => a.source_ref.localeCompare(b.source_ref)),
        applied: await db
          .selectFrom('applied_ops')
          .select(['op_id', 'seq', 'status', 'result'])
          .orderBy('seq')
          .execute(),
      };
    }

    it('gives the same sales, ledger (with overdrafts), balances and summaries', async () => {
      // Burns past the balance (an overdraft), a tier discount, a stale earn, a sale without loyalty.
      const sales = [
        loyaltySale('base', 200, [[30_000, 1000]]),
        loyaltySale('base', 150, [[40_000, 1000]]),
        { ...loyaltySale('gold', 0, [[100_000, 1000]]), receiptNo: 'R-gold' },
        makeSale(),
        { ...loyaltySale('base', 0, [[20_000, 1000]]), cardNumber: null, loyalty: undefined },
      ];
      const ops = sales.map((sale, i) => saleOp(i + 1, sale));
      const atOnce = await recorded(ops);
      const oneByOne = await recorded([...ops, { ...saleOp(ops.length + 1), payloadHash: '0'.repeat(64) }]);

      expect(atOnce.statuses).toEqual(ops.map(() => 'applied'));
      expect(oneByOne.statuses).toEqual([...ops.map(() => 'applied'), 'rejected']);
      expect(atOnce.sales).toEqual(oneByOne.sales);
      expect(atOnce.lines).toBe(oneByOne.lines);
      expect(atOnce.ledger).toEqual(oneByOne.ledger);
      expect(atOnce.ledger.some((e) => e.overdraft === 1)).toBe(true);
      expect(atOnce.account).toEqual(oneByOne.account);
      expect(atOnce.summaries).toEqual(oneByOne.summaries);
      expect(atOnce.applied).toEqual(oneByOne.applied.slice(0, ops.length));
      expect(atOnce.identifiers).toEqual(oneByOne.identifiers);
      expect(atOnce.links).toEqual(oneByOne.links);
      expect(atOnce.links.length).toBeGreaterThan(1);
    });
  });
});
