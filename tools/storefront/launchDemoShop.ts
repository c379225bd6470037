import { openFromEnv } from '../../server/db/openFromEnv';
import { DEMO_STORES } from '../../server/seed/seedDemo';
import { findConnection, updateConnection } from '../../server/webshop/connections';
import { startDemoShop, type DemoShop } from './demoShop';

export const DEMO_SHOP_CONNECTION = 'demo-generic';

/**
 * Starts the demo shop for `npm start`, as the shop's own server would be set up: it holds the
 * demo connection's secret (read from the database the server uses) and its origin is among the
 * connection's allowed origins (added when the port was changed). Null when the demo chain is
 * not loaded.
 */
export async function launchDemoShop(options: {
  port: number;
  host: string;
  serverUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
}): Promise<DemoShop | null> {
  const db = openFromEnv({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  try {
    const connection = await findConnection(db.kysely, DEMO_SHOP_CONNECTION);
    if (!connection) return null;
    const shop = await startDemoShop({
      port: options.port,
      host: options.host,
      serverUrl: options.serverUrl,
      connectionId: connection.id,
      secret: connection.secrets[0] ?? '',
      pickupStoreCode: DEMO_STORES[0].code,
    });
    if (!connection.allowedOrigins.includes(shop.url)) {
      await updateConnection(db, connection.id, { allowedOrigins: [...connection.allowedOrigins, shop.url] });
    }
    return shop;
  } finally {
    await db.close();
  }
}
