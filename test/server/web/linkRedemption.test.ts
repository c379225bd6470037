import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { ATTEMPT_POLICIES } from '../../../server/security/attemptLimiter';
import { resolveCustomer } from '../../../server/identity';
import { signIdentify } from '../../../server/web/signedIdentify';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { CONNECTION, newLinkCode, webRig } from './webSupport';

type LinkAnswer = {
  ok?: boolean;
  error?: string;
  again?: boolean;
  receipt?: { receiptNo: string; storeName: string };
};

describe.each(engines)('receipt link codes redeemed on the shop’s site, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let rig: Awaited<ReturnType<typeof webRig>>;
    afterEach(async () => {
      await rig.close();
      await t.dispose();
    });
    const open = async () => {
      t = await openTestDb(engine);
      rig = await webRig(t.db);
    };
    const redeem = async (visitorId: string, code: string, headers: Record<string, string> = {}) => {
      const res = await rig.post('link', { visitorId, code }, headers);
      return {
        status: res.status,
        body: (await res.json()) as LinkAnswer,
        retryAfter: res.headers.get('retry-after'),
      };
    };
    const codeRow = (code: string) =>
      t.db.kysely.selectFrom('link_codes').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

    it('is refused before the sale has synced, then links the visitor to the card’s customer once', async () => {
      await open();
      const visitorId = uuidv7();
      const code = newLinkCode();
      expect(await redeem(visitorId, code)).toMatchObject({ status: 422, body: { error: 'unknown_code' } });

      await rig.syncSaleWithCode(code);
      const linked = await redeem(visitorId, `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`);
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({
        ok: true,
        again: false,
        receipt: { receiptNo: 'A1-000001', storeName: 'Store A' },
      });
      // The answer names the receipt its holder has, never the customer.
      expect(JSON.stringify(linked.body)).not.toContain(rig.cardCustomerId ?? '-');

      const row = await codeRow(code);
      expect(row).toMatchObject({
        status: 'redeemed',
        redeemed_visitor_id: visitorId,
        redeemed_connection_id: CONNECTION,
      });
      expect(row.redeemed_customer_id).toBe(rig.cardCustomerId);
      expect(await resolveCustomer(t.db.kysely, { type: 'visitor', value: visitorId })).toBe(
        rig.cardCustomerId,
      );
      const links = await t.db.kysely
        .selectFrom('identity_links')
        .select('evidence')
        .where('source_ref', '=', `link:${code}`)
        .execute();
      expect(links.map((l) => l.evidence)).toContain('verified_link_code');
      const event = await t.db.kysely
        .selectFrom('web_events')
        .select(['kind', 'customer_id'])
        .where('visitor_id', '=', visitorId)
        .executeTakeFirstOrThrow();
      expect(event).toEqual({ kind: 'link', customer_id: rig.cardCustomerId });

      // Single use: the same visitor is told it is done, anyone else is refused, and it is counted.
      expect(await redeem(visitorId, code)).toMatchObject({ status: 200, body: { ok: true, again: true } });
      expect(await redeem(uuidv7(), code)).toMatchObject({
        status: 422,
        body: { error: 'already_redeemed' },
      });
      expect((await codeRow(code)).attempts).toBe(1);
    });

    it('links the shop account the visitor signed in with, joining the web profile to the card’s', async () => {
      await open();
      const visitorId = uuidv7();
      const who = { visitorId, shopAccountId: 'u-17', email: 'anna.web@example.com' };
      const ts = Math.floor(Date.now() / 1000);
      await rig.post('identify', {
        ...who,
        signature: { ts, sig: signIdentify(rig.secret, ts, CONNECTION, who) },
      });
      const webProfile = await resolveCustomer(t.db.kysely, { type: 'email', value: 'anna.web@example.com' });
      expect(webProfile).not.toBeNull();
      expect(webProfile).not.toBe(rig.cardCustomerId);

      const code = await rig.syncSaleWithCode();
      expect((await redeem(visitorId, code)).status).toBe(200);
      const byEmail = await resolveCustomer(t.db.kysely, { type: 'email', value: 'anna.web@example.com' });
      const byCard = await resolveCustomer(t.db.kysely, { type: 'card', value: '9900000000017' });
      const byVisitor = await resolveCustomer(t.db.kysely, { type: 'visitor', value: visitorId });
      expect(byEmail).toBe(byCard);
      expect(byVisitor).toBe(byCard);
    });

    it('sends the tills the card holder’s open web cart once the receipt links the visitor', async () => {
      await open();
      const visitorId = uuidv7();
      await rig.post('events', {
        visitorId,
        events: [
          {
            type: 'cart',
            currency: 'RUB',
            totalMinor: 17980,
            lines: [{ sku: 'TEA-1', quantity: 2, priceMinor: 8990 }],
          },
        ],
      });
      const code = await rig.syncSaleWithCode();
      expect((await redeem(visitorId, code)).status).toBe(200);
      const rows = await t.db.kysely
        .selectFrom('change_log')
        .select(['entity_id', 'data'])
        .where('topic', '=', 'customer_summary')
        .orderBy('id', 'desc')
        .execute();
      const latest = rows.find((r) => r.data?.includes('"online"'));
      expect(latest).toBeDefined();
      const summary = JSON.parse(latest?.data ?? '{}') as { online?: { openCart?: unknown } };
      expect(summary.online?.openCart).toMatchObject({ itemCount: 2, totalMinor: 17980, currency: 'RUB' });
      // Published under the id the till finds the card's customer by.
      const card = await t.db.kysely
        .selectFrom('cards')
        .select('customer_id')
        .where('number', '=', '9900000000017')
        .executeTakeFirstOrThrow();
      expect(latest?.entity_id).toBe(card.customer_id);
    });

    it('is refused once expired, and for a receipt without a card', async () => {
      await open();
      const visitorId = uuidv7();
      const code = await rig.syncSaleWithCode();
      expect((await codeRow(code)).expires_at).not.toBeNull();
      await t.db.kysely
        .updateTable('link_codes')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('code', '=', code)
        .execute();
      expect(await redeem(visitorId, code)).toMatchObject({ status: 422, body: { error: 'expired' } });
      expect((await codeRow(code)).status).toBe('redeemable');

      const cardless = await rig.syncSaleWithCode(newLinkCode(), null);
      expect(await redeem(visitorId, cardless)).toMatchObject({ status: 422, body: { error: 'no_card' } });
    });

    it('a code with a wrong check symbol is refused at once and not counted as a guess', async () => {
      await open();
      const code = newLinkCode();
      const wrong = code.slice(0, 9) + (code[9] === '0' ? '1' : '0');
      expect(await redeem(uuidv7(), wrong)).toMatchObject({ status: 400, body: { error: 'bad_code' } });
      const buckets = await t.db.kysely.selectFrom('auth_attempts').select('kind').execute();
      expect(buckets).toEqual([]);
    });

    it('locks a visitor out after a few wrong codes, even for the right one, and an address after more', async () => {
      await open();
      const code = await rig.syncSaleWithCode();
      const guesser = uuidv7();
      const visitorLimit = ATTEMPT_POLICIES.link_visitor.failures;
      for (let i = 0; i < visitorLimit; i++) {
        expect((await redeem(guesser, newLinkCode())).body.error).toBe('unknown_code');
      }
      const locked = await redeem(guesser, code);
      expect(locked.status).toBe(429);
      expect(Number(locked.retryAfter)).toBeGreaterThan(0);
      expect((await codeRow(code)).status).toBe('redeemable');

      // New visitor ids from the same address: the address's own bucket stops them.
      const addressLimit = ATTEMPT_POLICIES.link_address.failures;
      for (let i = visitorLimit; i < addressLimit; i++) {
        expect((await redeem(uuidv7(), newLinkCode())).status).toBe(422);
      }
      expect((await redeem(uuidv7(), code)).status).toBe(429);
      const guesses = await t.db.kysely
        .selectFrom('auth_attempts')
        .select(['kind', 'total_failures'])
        .where('kind', '=', 'link_address')
        .executeTakeFirstOrThrow();
      expect(guesses.total_failures).toBe(addressLimit);
    });
  });
});
