import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_WEB_BODY_BYTES,
  MAX_WEB_REQUESTS_PER_ADDRESS_MINUTE,
  MAX_WEB_REQUESTS_PER_VISITOR_MINUTE,
} from '../../../shared/domain/limits';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { signIdentify } from '../../../server/web/signedIdentify';
import { buildSdk } from '../../../tools/build';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { CONNECTION, count, SHOP_ORIGIN, webRig } from './webSupport';

const sdkFile = join(mkdtempSync(join(tmpdir(), 'omnitill-sdk-')), 'sdk.js');
beforeAll(() => buildSdk(sdkFile), 60_000);

/** Counts are per minute: a test that fills one waits out the last seconds of a minute first. */
async function awayFromMinuteEnd(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

const page = (n = 1) => ({
  events: Array.from({ length: n }, (_, i) => ({ type: 'page', url: `${SHOP_ORIGIN}/p/${i}`, title: 'Tea' })),
});

describe.each(engines)('web endpoints on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let rig: Awaited<ReturnType<typeof webRig>>;
    afterEach(async () => {
      await rig.close();
      await t.dispose();
    });
    const open = async () => {
      t = await openTestDb(engine);
      rig = await webRig(t.db, { sdkFile });
    };

    it('serves /sdk.js to any site, cached for an hour and revalidated by its ETag', async () => {
      await open();
      const res = await fetch(`${rig.base}/sdk.js`, { headers: { origin: 'https://anyone.example' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      const script = await res.text();
      expect(script).toContain('/web/v1/');
      expect(script.length).toBeLessThan(8 * 1024);
      const etag = res.headers.get('etag') ?? '';
      const again = await fetch(`${rig.base}/sdk.js`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    });

    it('answers a preflight from the shop’s origin and refuses one from any other, with no CORS header', async () => {
      await open();
      const preflight = (origin: string) =>
        fetch(`${rig.base}/web/v1/${CONNECTION}/identify`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      const allowed = await preflight(SHOP_ORIGIN);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
      expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const denied = await preflight('https://evil.example');
      expect(denied.status).toBe(403);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      // The shop's origin on another path of the same host is another origin.
      expect((await preflight('http://shop.example')).status).toBe(403);
    });

    it('stores page and cart events from the shop’s origin, and nothing from another origin', async () => {
      await open();
      const visitorId = uuidv7();
      const res = await rig.post('events', {
        visitorId,
        events: [
          ...page(1).events,
          {
            type: 'cart',
            currency: 'RUB',
            totalMinor: 17980,
            lines: [{ sku: 'TEA-1', quantity: 2, priceMinor: 8990 }],
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ ok: true, stored: 2 });
      const rows = await t.db.kysely
        .selectFrom('web_events')
        .select(['kind', 'visitor_id', 'connection_id'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { kind: 'page', visitor_id: visitorId, connection_id: CONNECTION },
        { kind: 'cart', visitor_id: visitorId, connection_id: CONNECTION },
      ]);

      const evil = await rig.post('events', { visitorId, ...page() }, { origin: 'https://evil.example' });
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      expect(await count(t.db, 'web_events')).toBe(2);
    });

    it('refuses an unknown shop, a bad body, a body too large and a form, writing nothing', async () => {
      await open();
      const visitorId = uuidv7();
      expect((await rig.post('events', { visitorId, ...page() }, {}, 'no-such-shop')).status).toBe(404);
      const bad = await rig.post('events', {
        visitorId: 'anonymous',
        events: [{ type: 'page', url: 'x\u0000' }],
      });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { error: string; message: string };
      expect(body.error).toBe('invalid_body');
      expect(body.message).toContain('visitorId');
      expect(body.message).toContain('events[0].url');
      expect((await rig.post('events', '{not json')).status).toBe(400);
      const large = await rig.post('events', {
        visitorId,
        events: [{ type: 'page', url: 'x'.repeat(MAX_WEB_BODY_BYTES) }],
      });
      expect(large.status).toBe(413);
      const form = await rig.post('events', 'visitorId=1', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(form.status).toBe(415);
      expect(await count(t.db, 'web_events')).toBe(0);
    });

    it('limits requests per visitor, then per address, with Retry-After', async () => {
      await open();
      await awayFromMinuteEnd();
      const visitorId = uuidv7();
      for (let i = 0; i < MAX_WEB_REQUESTS_PER_VISITOR_MINUTE; i++) {
        expect((await rig.post('events', { visitorId, ...page() })).status).toBe(200);
      }
      const limited = await rig.post('events', { visitorId, ...page() });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await count(t.db, 'web_events')).toBe(MAX_WEB_REQUESTS_PER_VISITOR_MINUTE);
      // Another visitor from the same address still gets through, until the address's own limit:
      // the address's earlier requests this minute are written as the counter would have them.
      await awayFromMinuteEnd();
      const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
      await t.db.kysely
        .updateTable('web_rate_windows')
        .set({ count: MAX_WEB_REQUESTS_PER_ADDRESS_MINUTE - 1 })
        .where('bucket', 'like', 'addr:%')
        .where('window_start', '=', minute)
        .execute();
      expect((await rig.post('events', { visitorId: uuidv7(), ...page() })).status).toBe(200);
      const byAddress = await rig.post('events', { visitorId: uuidv7(), ...page() });
      expect(byAddress.status).toBe(429);
      expect(await count(t.db, 'web_events')).toBe(MAX_WEB_REQUESTS_PER_VISITOR_MINUTE + 1);
    });

    it('takes an identify as a claim unless the shop signed it, and refuses a forged or stale signature', async () => {
      await open();
      const visitorId = uuidv7();
      const claim = await rig.post('identify', { visitorId, email: 'anna@example.com' });
      expect(await claim.json()).toEqual({ ok: true, verified: false });

      const who = { visitorId, shopAccountId: 'u-17', email: 'anna@example.com' };
      const ts = Math.floor(Date.now() / 1000);
      const signed = await rig.post('identify', {
        ...who,
        signature: { ts, sig: signIdentify(rig.secret, ts, CONNECTION, who) },
      });
      expect(await signed.json()).toEqual({ ok: true, verified: true });

      // The signature names the visitor: copied into another visitor's request it is worthless.
      const copied = {
        ...who,
        visitorId: uuidv7(),
        signature: { ts, sig: signIdentify(rig.secret, ts, CONNECTION, who) },
      };
      expect((await rig.post('identify', copied)).status).toBe(401);
      const old = ts - 3600;
      const stale = await rig.post('identify', {
        ...who,
        signature: { ts: old, sig: signIdentify(rig.secret, old, CONNECTION, who) },
      });
      expect(await stale.json()).toEqual({ error: 'stale_signature' });
      expect(await count(t.db, 'web_events')).toBe(2);

      const rows = await t.db.kysely
        .selectFrom('identity_identifiers')
        .select(['type', 'value', 'verified'])
        .where('type', 'in', ['email', 'shop_account'])
        .orderBy('type')
        .execute();
      expect(rows).toEqual([
        { type: 'email', value: 'anna@example.com', verified: 1 },
        { type: 'shop_account', value: `${CONNECTION}:u-17`, verified: 1 },
      ]);
    });
  });
});
