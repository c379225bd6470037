import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { processInbox } from '../../../server/ingest/worker';
import { createConnection } from '../../../server/webshop/connections';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { genericSig } from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';
import { pullTopic, startIngestServer } from '../support/webshop';

describe.each(engines)('migration 0017 (web-shop orders) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps what was recorded before it, and the chain takes web-shop orders after it', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      // Every migration released before this one, whatever its number.
      await migrateToLatest(
        t.db,
        migrationModules.filter(([name]) => name < '0017'),
      );
      const salesBefore = await t.db.kysely.selectFrom('sales').select(['id', 'receipt_no']).execute();
      expect(salesBefore).toHaveLength(1);

      expect((await migrateToLatest(t.db)).applied).toContain('0017_webshop_orders');
      expect(await t.db.kysely.selectFrom('sales').select(['id', 'receipt_no']).execute()).toEqual(
        salesBefore,
      );
      for (const table of [
        'webshop_connections',
        'ingest_inbox',
        'web_orders',
        'pickup_parts',
        'pickup_handouts',
        'outbound_events',
      ] as const) {
        expect(await t.db.kysely.selectFrom(table).selectAll().execute()).toEqual([]);
      }

      // The old till goes on selling, and an order for its store arrives and reaches it.
      const till = await deviceCaller(t.db, old.token);
      const sale = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, makeSale({ receiptNo: 'OLD-000002' }))],
      });
      expect(sale.results[0]?.status).toBe('applied');
      await createConnection(t.db, {
        id: 'shop',
        platform: 'generic',
        name: 'Shop',
        secret: 'a-secret-of-some-length',
        allowedOrigins: [],
        outboundUrl: null,
        holdDays: 2,
        locations: [{ locationId: 'loc-a', storeId: old.storeId }],
      });
      const http = await startIngestServer(t.db);
      const body = JSON.stringify(genericBody({ updatedAt: '2026-11-30T09:00:00Z' }));
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${http.base}/ingest/generic/shop`, {
        method: 'POST',
        headers: {
          'x-omnitill-event-id': uuidv7(),
          'x-omnitill-timestamp': ts,
          'x-omnitill-signature': genericSig('a-secret-of-some-length', ts, body),
        },
        body,
      });
      await http.close();
      expect(res.status).toBe(200);
      expect(await processInbox(t.db)).toBe(1);
      expect(await pullTopic(till, 'pickup_order', 1)).toHaveLength(1);
    });
  });
});
