import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type Db } from '../../../server/db/connect';
import { createEnrolmentCode } from '../../../server/devices/enrolment';
import { expireOverdueParts } from '../../../server/pickup/expiry';
import { verifyPin } from '../../../shared/domain/pinHash';
import { pickupOrderRowSchema, type PickupConfirm } from '../../../shared/domain/pickup';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../../shared/sync/protocol';
import { adminCaller, deviceCaller, publicCaller, setUpChain } from '../support/chain';
import { engines, openTestDb, PG_URL, skipEngine, type TestDb } from '../support/databases';
import { drainInbox, pullTopic, sendGeneric, setUpShops, startIngestServer } from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';

type Chain = Awaited<ReturnType<typeof setUpChain>>;

function pickupOp(seq: number, payload: PickupConfirm): OutboxOp {
  const travelled = JSON.parse(canonicalJson(payload)) as unknown;
  return {
    seq,
    opId: uuidv7(),
    kind: 'pickup.confirm',
    schemaVersion: 1,
    payload: travelled,
    payloadHash: payloadHash(travelled),
    wallTime: payload.wallTime,
  };
}

function handOut(
  orderId: string,
  lines: [lineId: string, handed: number, refused?: number][],
  cardNumber: string | null = null,
): PickupConfirm {
  return {
    pickupId: uuidv7(),
    orderId,
    seenRevision: 2,
    verification: { method: 'code', failedAttempts: 1 },
    lines: lines.map(([lineId, handed, refused = 0]) => ({
      lineId,
      handedQuantity: handed,
      refusedQuantity: refused,
      refusalReason: refused > 0 ? 'damaged box' : null,
    })),
    cardNumber,
    cashierId: null,
    wallTime: new Date().toISOString(),
  };
}

describe.each(engines)('pickup hand-out on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Chain;
    let orderId: string;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      // Events are queued for a shop URL; nothing is sent in these tests.
      await setUpShops(t.db, chain, 'http://127.0.0.1:9/omnitill');
      const http = await startIngestServer(t.db);
      await sendGeneric(http.base, genericBody({ updatedAt: '2026-11-30T09:00:00Z' }), { eventId: uuidv7() });
      await http.close();
      await drainInbox(t.db);
      orderId = (await t.db.kysely.selectFrom('web_orders').select('id').executeTakeFirstOrThrow()).id;
    });
    afterEach(() => t.dispose());

    const part = () =>
      t.db.kysely
        .selectFrom('pickup_parts')
        .selectAll()
        .where('order_id', '=', orderId)
        .executeTakeFirstOrThrow();
    const events = () => t.db.kysely.selectFrom('outbound_events').selectAll().orderBy('id').execute();
    const push = (till: Chain['tillA'], ops: OutboxOp[], installId = uuidv7()) =>
      till.caller.sync.push({ deviceId: till.deviceId, installId, ops });

    it('marking ready draws a code the shop is sent and the desk can verify, and starts the hold', async () => {
      const admin = await adminCaller(t.db);
      const ready = await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      const stored = await part();
      expect(stored.status).toBe('ready');
      expect(stored.hold_until).toBe(ready.holdUntil);
      expect(Date.parse(ready.holdUntil) - Date.parse(stored.ready_at ?? '')).toBe(3 * 24 * 60 * 60 * 1000);
      const [event] = await events();
      const payload = JSON.parse(event?.payload ?? '{}') as { type: string; pickupCode: string; qr: string };
      expect(payload.type).toBe('pickup.ready');
      expect(payload.pickupCode).toMatch(/^\d{6}$/);
      expect(payload.qr).toBe(`OMNI-O:WEB-10042:${stored.qr_token}`);

      const rows = (await pullTopic(chain.tillA.caller, 'pickup_order', 2)).map((c) =>
        pickupOrderRowSchema.parse(c.data),
      );
      const latest = rows.at(-1);
      expect(latest?.status).toBe('ready');
      expect(latest?.pickupCodeHash).not.toBeNull();
      // The code is never stored in clear; the desk checks it against the hash it pulled.
      expect(JSON.stringify(stored)).not.toContain(payload.pickupCode);
      expect(await verifyPin(payload.pickupCode, latest!.pickupCodeHash!)).toBe(true);
      const wrong = String((Number(payload.pickupCode) + 1) % 1_000_000).padStart(6, '0');
      expect(await verifyPin(wrong, latest!.pickupCodeHash!)).toBe(false);
      await expect(admin.hq.webshop.markReady({ orderId, storeId: chain.storeA })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('applies a hand-out: collected quantities, state, the card linked, the shop told', async () => {
      const admin = await adminCaller(t.db);
      await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      const answer = await push(chain.tillA, [
        pickupOp(
          1,
          handOut(
            orderId,
            [
              ['1', 2],
              ['2', 0, 1],
            ],
            '9900000000017',
          ),
        ),
      ]);
      expect(answer.results[0]?.status).toBe('applied');
      const stored = await part();
      expect(stored.status).toBe('partly_collected');
      expect(JSON.parse(stored.lines)).toMatchObject([
        { lineId: '1', quantity: 2, collectedQuantity: 2 },
        { lineId: '2', quantity: 1, collectedQuantity: 0 },
      ]);
      const order = await t.db.kysely
        .selectFrom('web_orders')
        .selectAll()
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow();
      expect([order.card_number, order.customer_id]).toEqual(['9900000000017', 'cust-1']);
      const handout = await t.db.kysely.selectFrom('pickup_handouts').selectAll().executeTakeFirstOrThrow();
      expect([handout.outcome, handout.failed_attempts, handout.customer_id]).toEqual([
        'applied',
        1,
        'cust-1',
      ]);
      expect((await events()).map((e) => e.type)).toEqual(['pickup.ready', 'pickup.partly_collected']);

      // The same desk again, or another store's desk, or an order nobody has: refused with the reason.
      const again = await push(chain.tillA, [pickupOp(1, handOut(orderId, [['1', 2]]))]);
      expect(again.results[0]).toMatchObject({ status: 'rejected', reason: 'already_collected' });
      const other = await push(chain.tillB, [pickupOp(1, handOut(orderId, [['1', 2]]))]);
      expect(other.results[0]).toMatchObject({ status: 'rejected', reason: 'wrong_store' });
      const unknown = await push(chain.tillA, [pickupOp(1, handOut(uuidv7(), [['1', 1]]))]);
      expect(unknown.results[0]).toMatchObject({ status: 'rejected', reason: 'unknown_order' });
      const review = await admin.hq.webshop.review();
      expect(review.refusedHandouts.map((h) => h.reason).sort()).toEqual([
        'already_collected',
        'unknown_order',
        'wrong_store',
      ]);
    });

    it('refuses a hand-out of lines the part does not have, or more than it holds', async () => {
      const unknownLine = await push(chain.tillA, [pickupOp(1, handOut(orderId, [['9', 1]]))]);
      expect(unknownLine.results[0]).toMatchObject({ status: 'rejected', reason: 'line_mismatch' });
      const tooMany = await push(chain.tillA, [pickupOp(1, handOut(orderId, [['1', 3]]))]);
      expect(tooMany.results[0]).toMatchObject({ status: 'rejected', reason: 'line_mismatch' });
      expect((await part()).status).toBe('awaiting');
    });

    it('two desks confirming the same order at once, through two server processes: exactly one applies', async () => {
      const { code } = await createEnrolmentCode(t.db, chain.storeA, 60);
      const second = await publicCaller(t.db).device.enroll({ code, name: 'Till A2' });
      // A second connection pool stands in for a second server process on the same database.
      let other: Db = t.db;
      if (engine === 'postgres') {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
          t.db.kysely,
        );
        other = connect({ dialect: 'postgres', url: PG_URL, schema: rows[0]?.schema ?? '', poolSize: 3 });
      }
      try {
        const deskTwo = { ...second, caller: await deviceCaller(other, second.token) };
        const answers = await Promise.all([
          push(chain.tillA, [
            pickupOp(
              1,
              handOut(orderId, [
                ['1', 2],
                ['2', 1],
              ]),
            ),
          ]),
          push(deskTwo, [
            pickupOp(
              1,
              handOut(orderId, [
                ['1', 2],
                ['2', 1],
              ]),
            ),
          ]),
        ]);
        const statuses = answers.map((a) => a.results[0]?.status).sort();
        expect(statuses).toEqual(['applied', 'rejected']);
        const refused = answers.map((a) => a.results[0]).find((r) => r?.status === 'rejected');
        expect(refused).toMatchObject({ reason: 'already_collected' });
        const stored = await part();
        expect(stored.status).toBe('collected');
        expect(JSON.parse(stored.lines)).toMatchObject([{ collectedQuantity: 2 }, { collectedQuantity: 1 }]);
        const outcomes = await t.db.kysely.selectFrom('pickup_handouts').select('outcome').execute();
        expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'rejected']);
        expect((await events()).map((e) => e.type)).toEqual(['pickup.collected']);
      } finally {
        if (other !== t.db) await other.close();
      }
    });

    it('expires ready parts past their hold once, lists them for the shelf, and refuses a late hand-out', async () => {
      const admin = await adminCaller(t.db);
      const { holdUntil } = await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      expect(await expireOverdueParts(t.db, new Date(Date.parse(holdUntil) - 1000))).toBe(0);
      const after = new Date(Date.parse(holdUntil) + 1000);
      const [first, second] = await Promise.all([
        expireOverdueParts(t.db, after),
        expireOverdueParts(t.db, after),
      ]);
      expect((first ?? 0) + (second ?? 0)).toBe(1);
      expect(await expireOverdueParts(t.db, after)).toBe(0);
      expect((await part()).status).toBe('expired');
      expect((await events()).map((e) => e.type)).toEqual(['pickup.ready', 'pickup.expired']);
      const review = await admin.hq.webshop.review();
      expect(review.returnToShelf).toMatchObject([
        { orderId, orderNumber: 'WEB-10042', storeId: chain.storeA },
      ]);
      const late = await push(chain.tillA, [pickupOp(1, handOut(orderId, [['1', 2]]))]);
      expect(late.results[0]).toMatchObject({ status: 'rejected', reason: 'expired' });
    });
  });
});
