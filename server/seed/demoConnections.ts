import type { Db } from '../db/connect';
import { createConnection, findConnection, type Platform } from '../webshop/connections';
import { DEMO_STORES } from './seedDemo';

export type DemoConnection = { id: string; platform: Platform; path: string; secret: string };

/**
 * Where the demo shop's pickup locations are: by the store code (the generic format's location
 * id), by a Shopify-style numeric location id, and by the store's name (what WooCommerce's pickup
 * shipping line and Shopify's order shipping line carry).
 */
const DEMO_SHOPIFY_LOCATION_IDS: Record<string, string> = { 'MSK-01': '905684977', 'SPB-01': '905684978' };

/**
 * The demo chain's three shops, `demo-generic`, `demo-shopify` and `demo-woocommerce`, signed with
 * `OMNITILL_DEMO_WEBHOOK_SECRET` when set, otherwise with a secret generated once and kept in the
 * database. Added to a demo chain loaded before web shops existed too; a second run changes nothing.
 * Returns what `npm start` prints: each connection's ingestion path and secret.
 */
export async function ensureDemoConnections(db: Db, secret: string | undefined): Promise<DemoConnection[]> {
  const stores = await db.kysely
    .selectFrom('stores')
    .select(['id', 'code', 'name'])
    .where(
      'code',
      'in',
      DEMO_STORES.map((s) => s.code),
    )
    .orderBy('code')
    .execute();
  if (stores.length === 0) return [];
  const shared = secret;
  const out: DemoConnection[] = [];
  for (const platform of ['generic', 'shopify', 'woocommerce'] as const) {
    const id = `demo-${platform}`;
    let connection = await findConnection(db.kysely, id);
    if (!connection) {
      await createConnection(db, {
        id,
        platform,
        name: `Demo ${platform === 'generic' ? 'shop (generic format)' : platform === 'shopify' ? 'Shopify shop' : 'WooCommerce shop'}`,
        ...(shared ? { secret: shared } : {}),
        allowedOrigins: ['http://localhost:3000'],
        outboundUrl: null,
        holdDays: 3,
        locations: stores.map((s) => ({
          locationId: platform === 'shopify' ? (DEMO_SHOPIFY_LOCATION_IDS[s.code] ?? s.code) : s.code,
          title: s.name,
          storeId: s.id,
        })),
      });
      connection = await findConnection(db.kysely, id);
    }
    if (connection) {
      out.push({ id, platform, path: `/ingest/${platform}/${id}`, secret: connection.secrets[0] ?? '' });
    }
  }
  return out;
}
