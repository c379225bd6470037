import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/canonicalJson';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../shared/sync/protocol';
import { createEnrolmentCode } from '../../server/devices/enrolment';
import { count, makeSale, publicCaller, saleOp, setUpChain } from '../server/support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';

/**
 * Input that the database cannot store, or that the server could not even hash, was answered
 * `retry` (or 500) for ever, so the till that sent it never synced a later sale: a NUL in a text
 * field (PostgreSQL refuses it in text columns), a payload nested thousands of levels deep (the
 * canonical JSON ran out of stack), a pull cursor past a bigint. Each is now refused with a reason
 * naming what is wrong, the same on both engines, and the till's next sale goes through.
 */
function deeplyNested(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

function rawOp(seq: number, payload: unknown): OutboxOp {
  return {
    seq,
    opId: uuidv7(),
    kind: 'sale.record',
    schemaVersion: 1,
    payload,
    // What a till computing the hash over the same value would send (a deep one hashes by hand).
    payloadHash: payloadHash({ stand: 'in' }),
    wallTime: new Date().toISOString(),
  };
}

describe.each(engines)('input the database cannot store, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    const installId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());
    const push = (ops: OutboxOp[]) =>
      chain.tillA.caller.sync.push({ deviceId: chain.tillA.deviceId, installId, ops });

    it.each([
      ['receipt number', (s: ReturnType<typeof makeSale>) => ({ ...s, receiptNo: 'R-1\u0000' }), 'receiptNo'],
      [
        'card number',
        (s: ReturnType<typeof makeSale>) => ({ ...s, cardNumber: '99000\u00000017' }),
        'cardNumber',
      ],
      [
        'product name',
        (s: ReturnType<typeof makeSale>) => ({
          ...s,
          lines: s.lines.map((l) => ({ ...l, name: 'Milk\u0000' })),
        }),
        'lines[0].name',
      ],
      [
        'receipt number with a line feed',
        (s: ReturnType<typeof makeSale>) => ({ ...s, receiptNo: 'R\n2' }),
        'receiptNo',
      ],
    ])(
      'a control character in the %s is rejected, naming the field; later sales go on',
      async (_, edit, field) => {
        const first = await push([saleOp(1, edit(makeSale()))]);
        expect(first.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid_payload' });
        const detail = first.results[0]?.status === 'rejected' ? (first.results[0].detail ?? '') : '';
        expect(detail).toContain(`${field}: control character`);

        const next = await push([saleOp(2)]);
        expect(next.results[0]?.status).toBe('applied');
        expect(next.ackedThroughSeq).toBe(2);
        expect(await count(t.db, 'sales')).toBe(1);
      },
    );

    it('a payload nested 5,000 levels deep is rejected before it is hashed; later sales go on', async () => {
      const first = await push([rawOp(1, deeplyNested(5000))]);
      expect(first.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid_payload' });
      expect(first.results[0]?.status === 'rejected' && first.results[0].detail).toContain('nested deeper');
      const next = await push([saleOp(2)]);
      expect(next.results[0]?.status).toBe('applied');
    });

    it('a till name with a NUL is a bad request at enrolment, not a server error', async () => {
      const { code } = await createEnrolmentCode(t.db, chain.storeA, 60);
      await expect(publicCaller(t.db).device.enroll({ code, name: 'Till\u0000' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(publicCaller(t.db).device.enroll({ code, name: '  Till 3 ' })).resolves.toMatchObject({
        deviceId: expect.any(String) as unknown,
      });
    });

    it('a pull cursor past a bigint is a bad request, like any unknown cursor', async () => {
      for (const cursor of ['99999999999999999999.1', '1.99999999999999999999', '9007199254740993.0']) {
        await expect(chain.tillA.caller.sync.pull({ cursor })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      const page = await chain.tillA.caller.sync.pull({ cursor: null });
      expect(page.changes.length).toBeGreaterThan(0);
    });
  });
});

describe.skipIf(skipEngine('postgres'))('a value the database itself refuses, on postgres', () => {
  let t: TestDb;
  afterEach(() => t.dispose());

  it('is rejected with its SQLSTATE, never retried, and the till goes on', async () => {
    t = await openTestDb('postgres');
    const chain = await setUpChain(t.db);
    // A rule only the database knows, as a domain or column constraint would be: it raises a data
    // exception (class 22) for one receipt number.
    await sql`create function refuse_receipt() returns trigger language plpgsql as $$
      begin
        if new.receipt_no = 'REFUSED-1' then
          raise exception 'value refused' using errcode = '22023';
        end if;
        return new;
      end $$`.execute(t.db.kysely);
    await sql`create trigger refuse_receipt before insert on sales
      for each row execute function refuse_receipt()`.execute(t.db.kysely);
    const installId = uuidv7();
    const push = (ops: OutboxOp[]) =>
      chain.tillA.caller.sync.push({ deviceId: chain.tillA.deviceId, installId, ops });

    const refused = saleOp(1, makeSale({ receiptNo: 'REFUSED-1' }));
    const first = await push([refused, saleOp(2)]);
    expect(first.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(first.results[0]).toMatchObject({
      reason: 'invalid_payload',
      detail: 'payload: the database refused one of its values (22023)',
      quarantined: true,
    });
    // The answer is recorded: the same operation again is a duplicate of that rejection.
    const again = await push([refused]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', outcome: { outcome: 'rejected' } });
    expect(JSON.parse(canonicalJson(await count(t.db, 'sales')))).toBe(1);
  });
});
