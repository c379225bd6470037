import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import type { CardIssue } from '../../../shared/domain/cardIssue';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../../shared/sync/protocol';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { adminCaller, makeSale, saleOp, setUpChain } from '../support/chain';
import { chainConfig, loyaltySale } from '../loyalty/saleLoyalty';

const NEW_CARD = '2990000000019';

function makeIssue(overrides: Partial<CardIssue> = {}): CardIssue {
  const at = new Date().toISOString();
  return {
    cardNumber: NEW_CARD,
    customerId: uuidv7(),
    name: 'Ivan Sidorov',
    phone: '+79161234567',
    email: 'ivan@example.com',
    consents: { personalData: { granted: true, at }, marketing: { granted: false, at } },
    wallTime: at,
    ...overrides,
  };
}

function issueOp(seq: number, issue: unknown): OutboxOp {
  const payload = JSON.parse(canonicalJson(issue)) as unknown;
  return {
    seq,
    opId: uuidv7(),
    kind: 'card.issue',
    schemaVersion: 1,
    payload,
    payloadHash: payloadHash(payload),
    wallTime: new Date().toISOString(),
  };
}

describe.each(engines)('card.issue on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    const push = (till: typeof chain.tillA, installId: string, ops: OutboxOp[]) =>
      till.caller.sync.push({ deviceId: till.deviceId, installId, ops });

    it('creates the customer, the card and both consents, and publishes the card to tills', async () => {
      const issue = makeIssue();
      const op = issueOp(1, issue);
      const out = await push(chain.tillA, uuidv7(), [op]);
      expect(out.results[0]).toMatchObject({ status: 'applied', outcome: { entityId: NEW_CARD } });

      const customer = await t.db.kysely
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', issue.customerId)
        .executeTakeFirstOrThrow();
      expect(customer).toMatchObject({
        display_name: 'Ivan Sidorov',
        phone: '+79161234567',
        email: 'ivan@example.com',
      });
      const card = await t.db.kysely
        .selectFrom('cards')
        .selectAll()
        .where('number', '=', NEW_CARD)
        .executeTakeFirstOrThrow();
      expect(card).toMatchObject({
        customer_id: issue.customerId,
        status: 'active',
        issued_store_id: chain.storeA,
        issued_device_id: chain.tillA.deviceId,
      });
      const consents = await t.db.kysely
        .selectFrom('customer_consents')
        .selectAll()
        .where('customer_id', '=', issue.customerId)
        .orderBy('kind')
        .execute();
      expect(consents.map((c) => [c.kind, Number(c.granted), c.source, c.op_id, c.given_at])).toEqual([
        ['marketing', 0, 'till', op.opId, issue.consents.marketing.at],
        ['personal_data', 1, 'till', op.opId, issue.consents.personalData.at],
      ]);

      const pulled = await chain.tillB.caller.sync.pull({
        cursor: null,
        limit: 500,
      });
      const cardChange = pulled.changes.find((c) => c.topic === 'card' && c.id === NEW_CARD);
      expect(cardChange?.data).toEqual({
        number: NEW_CARD,
        customerId: issue.customerId,
        maskedName: 'Ivan S.',
        status: 'active',
      });
    });

    it('links a sale made with the new card, pushed after it, to the new customer', async () => {
      const issue = makeIssue();
      const out = await push(chain.tillA, uuidv7(), [
        issueOp(1, issue),
        saleOp(2, makeSale({ cardNumber: NEW_CARD })),
      ]);
      expect(out.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const sale = await t.db.kysely.selectFrom('sales').select('customer_id').executeTakeFirstOrThrow();
      expect(sale.customer_id).toBe(issue.customerId);
    });

    it('lets HQ find the new customer by their phone typed any way, with the consents in force', async () => {
      const issue = makeIssue();
      await push(chain.tillA, uuidv7(), [issueOp(1, issue), saleOp(2, makeSale({ cardNumber: NEW_CARD }))]);
      const hq = await adminCaller(t.db);
      for (const query of ['8 916 123-45-67', '+7 (916) 123 45 67', 'IVAN@example.com']) {
        const found = await hq.hq.customerPurchases({ query });
        expect(found.customer).toMatchObject({ id: issue.customerId, phone: '+79161234567' });
        expect(found.cards).toEqual([NEW_CARD]);
        expect(found.count).toBe(1);
        expect(found.customer?.consents).toEqual([
          { kind: 'personal_data', granted: true, givenAt: issue.consents.personalData.at, source: 'till' },
          { kind: 'marketing', granted: false, givenAt: issue.consents.marketing.at, source: 'till' },
        ]);
      }
    });

    it('answers a resend of the same issue with duplicate and keeps one customer', async () => {
      const installId = uuidv7();
      const op = issueOp(1, makeIssue());
      await push(chain.tillA, installId, [op]);
      const again = await push(chain.tillA, installId, [op]);
      expect(again.results[0]).toMatchObject({ status: 'duplicate' });
      const customers = await t.db.kysely
        .selectFrom('customers')
        .select('id')
        .where('phone', '=', '+79161234567')
        .execute();
      expect(customers).toHaveLength(1);
    });

    it('gives the card to the first till and answers the second card_taken, writing nothing for it', async () => {
      const first = makeIssue({ name: 'First Customer' });
      const second = makeIssue({ name: 'Second Customer', phone: '+79260000000', email: null });
      const a = await push(chain.tillA, uuidv7(), [issueOp(1, first)]);
      const b = await push(chain.tillB, uuidv7(), [issueOp(1, second)]);
      expect(a.results[0]).toMatchObject({ status: 'applied' });
      expect(b.results[0]).toMatchObject({ status: 'rejected', reason: 'card_taken' });
      expect(b.results[0]).toHaveProperty('detail', expect.stringContaining(NEW_CARD) as string);

      const card = await t.db.kysely
        .selectFrom('cards')
        .select('customer_id')
        .where('number', '=', NEW_CARD)
        .executeTakeFirstOrThrow();
      expect(card.customer_id).toBe(first.customerId);
      const loser = await t.db.kysely
        .selectFrom('customers')
        .select('id')
        .where('id', '=', second.customerId)
        .execute();
      expect(loser).toEqual([]);
      const consents = await t.db.kysely.selectFrom('customer_consents').select('customer_id').execute();
      expect(consents.every((c) => c.customer_id === first.customerId)).toBe(true);
      // The second customer's details are kept for HQ to give them a new card or merge.
      const conflicts = await t.db.kysely.selectFrom('card_issue_conflicts').selectAll().execute();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        card_number: NEW_CARD,
        device_id: chain.tillB.deviceId,
        store_id: chain.storeB,
      });
      expect(JSON.parse(conflicts[0]!.payload)).toMatchObject({
        customerId: second.customerId,
        name: 'Second Customer',
        phone: '+79260000000',
      });
      // Recorded as rejected, so a resend gets the same answer and HQ sees it.
      const stored = await t.db.kysely
        .selectFrom('applied_ops')
        .select(['status', 'kind'])
        .where('device_id', '=', chain.tillB.deviceId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ status: 'rejected', kind: 'card.issue' });
    });

    it('records the card_taken till’s sale made with the card, its points going to the card’s first owner', async () => {
      await t.db.kysely
        .transaction()
        .execute((trx) => publishLoyaltyConfig(trx, chainConfig, new Date().toISOString()));
      const first = makeIssue({ name: 'First Customer' });
      const second = makeIssue({ name: 'Second Customer', phone: '+79260000000', email: null });
      // Till B sold with the card it had just issued offline: a new customer, base tier.
      const sale = { ...loyaltySale('base', 0), cardNumber: NEW_CARD };
      expect(sale.loyalty?.pointsEarned).toBeGreaterThan(0);
      await push(chain.tillA, uuidv7(), [issueOp(1, first)]);
      const b = await push(chain.tillB, uuidv7(), [issueOp(1, second), saleOp(2, sale)]);
      expect(b.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
        'card_taken',
        'applied',
      ]);

      const stored = await t.db.kysely
        .selectFrom('sales')
        .select(['customer_id', 'card_number', 'device_id'])
        .where('id', '=', sale.saleId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        customer_id: first.customerId,
        card_number: NEW_CARD,
        device_id: chain.tillB.deviceId,
      });
      const hq = await adminCaller(t.db);
      const ledger = await hq.hq.customerLedger({ customerId: first.customerId });
      expect(ledger.entries.map((e) => [e.kind, e.points, e.saleId])).toEqual([
        ['earn', sale.loyalty?.pointsEarned, sale.saleId],
      ]);
      expect(ledger.balance).toBe(sale.loyalty?.pointsEarned);
      expect((await hq.hq.customerPurchases({ query: NEW_CARD })).count).toBe(1);
      // Nothing of it on the refused customer, who exists only in the conflict HQ resolves.
      const stray = await t.db.kysely
        .selectFrom('loyalty_ledger')
        .select('id')
        .where('customer_id', '=', second.customerId)
        .execute();
      expect(stray).toEqual([]);
    });

    it('resolves two tills pushing the same new card at once: exactly one applied, one card_taken', async () => {
      const [a, b] = await Promise.all([
        push(chain.tillA, uuidv7(), [issueOp(1, makeIssue())]),
        push(chain.tillB, uuidv7(), [issueOp(1, makeIssue())]),
      ]);
      const statuses = [a.results[0], b.results[0]].map((r) =>
        r?.status === 'rejected' ? r.reason : r?.status,
      );
      expect(statuses.sort()).toEqual(['applied', 'card_taken']);
      const cards = await t.db.kysely
        .selectFrom('cards')
        .select('number')
        .where('number', '=', NEW_CARD)
        .execute();
      expect(cards).toHaveLength(1);
    });

    it('refuses an issue an existing card number collides with (cards loaded at HQ)', async () => {
      const out = await push(chain.tillA, uuidv7(), [issueOp(1, makeIssue({ cardNumber: '9900000000017' }))]);
      expect(out.results[0]).toMatchObject({ status: 'rejected', reason: 'card_taken' });
    });

    it.each([
      ['no phone and no email', { phone: null, email: null }],
      ['a phone not in E.164 form', { phone: '8 916 123-45-67' }],
      ['an email with capitals', { email: 'Ivan@Example.com' }],
      [
        'personal data consent refused',
        {
          consents: {
            personalData: { granted: false, at: new Date().toISOString() },
            marketing: { granted: true, at: new Date().toISOString() },
          },
        },
      ],
      ['a card number with spaces', { cardNumber: '299 000 000' }],
    ])('rejects %s as invalid_payload and stores no customer', async (_, overrides) => {
      const out = await push(chain.tillA, uuidv7(), [issueOp(1, { ...makeIssue(), ...overrides })]);
      expect(out.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid_payload' });
      expect(await t.db.kysely.selectFrom('customers').select('id').execute()).toHaveLength(1);
    });
  });
});
