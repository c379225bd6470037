import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noJitter } from '../../../shared/domain/backoff';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { deliverDueEvents } from '../../../server/webshop/outbound';
import { adminCaller, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import {
  drainInbox,
  genericSig,
  SECRET,
  sendGeneric,
  setUpShops,
  startIngestServer,
} from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';

type Received = { headers: IncomingHttpHeaders; body: string };

/** A shop's endpoint that answers 503 to the first `failures` requests, then 200. */
async function flakyReceiver(failures: number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(received.length <= failures ? 503 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/omnitill-hook`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe.each(engines)('outbound status webhooks on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let shop: Awaited<ReturnType<typeof flakyReceiver>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
    });
    afterEach(async () => {
      await shop.close();
      await t.dispose();
    });

    it('retries a failing shop with backoff until it answers 2xx, then never again; one event id, signed', async () => {
      shop = await flakyReceiver(2);
      const chain = await setUpChain(t.db);
      await setUpShops(t.db, chain, shop.url);
      const http = await startIngestServer(t.db);
      await sendGeneric(http.base, genericBody({ updatedAt: '2026-11-30T09:00:00Z' }), { eventId: uuidv7() });
      await http.close();
      await drainInbox(t.db);
      const orderId = (await t.db.kysely.selectFrom('web_orders').select('id').executeTakeFirstOrThrow()).id;
      await (await adminCaller(t.db)).hq.webshop.markReady({ orderId, storeId: chain.storeA });

      // A clock the test moves: each failure waits base·2^n ms (no jitter), and nothing is due before.
      let clock = Date.now();
      const options = { now: () => new Date(clock), backoff: { baseMs: 1000, random: noJitter } };
      expect(await deliverDueEvents(t.db, options)).toBe(0);
      expect(shop.received).toHaveLength(1);
      expect(await deliverDueEvents(t.db, options)).toBe(0);
      expect(shop.received).toHaveLength(1);
      clock += 1000;
      expect(await deliverDueEvents(t.db, options)).toBe(0);
      expect(shop.received).toHaveLength(2);
      clock += 1999;
      expect(await deliverDueEvents(t.db, options)).toBe(0);
      expect(shop.received).toHaveLength(2);
      clock += 1;
      expect(await deliverDueEvents(t.db, options)).toBe(1);
      expect(shop.received).toHaveLength(3);
      clock += 60 * 60 * 1000;
      expect(await deliverDueEvents(t.db, options)).toBe(0);
      expect(shop.received).toHaveLength(3);

      const ids = new Set(shop.received.map((r) => r.headers['x-omnitill-event-id']));
      expect(ids.size).toBe(1);
      for (const request of shop.received) {
        const ts = String(request.headers['x-omnitill-timestamp']);
        expect(request.headers['x-omnitill-signature']).toBe(genericSig(`${SECRET}-out`, ts, request.body));
      }
      const body = JSON.parse(shop.received[2]?.body ?? '{}') as {
        eventId: string;
        type: string;
        pickupCode: string;
      };
      expect(body.eventId).toBe([...ids][0]);
      expect(body.type).toBe('pickup.ready');
      expect(body.pickupCode).toMatch(/^\d{6}$/);
      const stored = await t.db.kysely.selectFrom('outbound_events').selectAll().executeTakeFirstOrThrow();
      expect([stored.status, stored.attempts]).toEqual(['delivered', 3]);
      // Delivered: the code is no longer kept in clear.
      expect((JSON.parse(stored.payload) as { pickupCode: string | null }).pickupCode).toBeNull();

      const [summary] = (await (await adminCaller(t.db)).hq.webshop.connections()).filter(
        (c) => c.id === 'shop-generic',
      );
      expect(summary?.outbound).toMatchObject({ pending: 0, failing: 0, delivered: 1 });
      expect(summary).not.toHaveProperty('secrets');
    });
  });
});
