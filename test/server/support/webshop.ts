import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../../server/db/connect';
import { createHttpServer } from '../../../server/http';
import { observe, type ObservedIdentifier } from '../../../server/identity';
import { processInbox } from '../../../server/ingest/worker';
import { createConnection, type Platform } from '../../../server/webshop/connections';

export const SECRET = 'test_secret_key_0123456789';

/** One connection per platform; store A is `loc-a` / "Store A" / Shopify location 905684977, store B likewise. */
export async function setUpShops(
  db: Db,
  stores: { storeA: string; storeB: string },
  outboundUrl: string | null = null,
) {
  for (const platform of ['generic', 'shopify', 'woocommerce'] as const) {
    const made = await createConnection(db, {
      id: `shop-${platform}`,
      platform,
      name: `Shop ${platform}`,
      secret: SECRET,
      allowedOrigins: [],
      outboundUrl,
      outboundSecret: `${SECRET}-out`,
      holdDays: 3,
      locations: [
        {
          locationId: platform === 'shopify' ? '905684977' : 'loc-a',
          title: 'Store A',
          storeId: stores.storeA,
        },
        {
          locationId: platform === 'shopify' ? '905684978' : 'loc-b',
          title: 'Store B',
          storeId: stores.storeB,
        },
      ],
    });
    if (!made.ok) throw new Error('connection not created');
  }
}

export async function startIngestServer(db: Db) {
  const server: Server = createHttpServer({ db });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const hmacBase64 = (secret: string, body: string | Buffer) =>
  createHmac('sha256', secret).update(body).digest('base64');
export const genericSig = (secret: string, timestamp: string, body: string | Buffer) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;

type Sent = { status: number; body: string };

async function send(url: string, body: string, headers: Record<string, string>): Promise<Sent> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, body: await res.text() };
}

export function sendGeneric(
  base: string,
  body: unknown,
  options: { eventId: string; secret?: string; timestamp?: number; connection?: string },
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return send(`${base}/ingest/generic/${options.connection ?? 'shop-generic'}`, text, {
    'x-omnitill-event-id': options.eventId,
    'x-omnitill-timestamp': ts,
    'x-omnitill-signature': genericSig(options.secret ?? SECRET, ts, text),
  });
}

export function sendShopify(
  base: string,
  topic: string,
  body: unknown,
  options: { webhookId: string; secret?: string; eventId?: string },
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return send(`${base}/ingest/shopify/shop-shopify`, text, {
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': hmacBase64(options.secret ?? SECRET, text),
    'x-shopify-shop-domain': 'shop.myshopify.com',
    'x-shopify-webhook-id': options.webhookId,
    'x-shopify-event-id': options.eventId ?? 'evt-1',
    'x-shopify-api-version': '2025-01',
    'x-shopify-triggered-at': new Date().toISOString(),
  });
}

export function sendWoo(
  base: string,
  topic: string,
  body: unknown,
  options: { secret?: string; deliveryId?: string } = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const [resource = 'order', event = 'updated'] = topic.split('.');
  return send(`${base}/ingest/woocommerce/shop-woocommerce`, text, {
    'x-wc-webhook-source': 'https://shop.example/',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': resource,
    'x-wc-webhook-event': event,
    'x-wc-webhook-signature': hmacBase64(options.secret ?? SECRET, text),
    'x-wc-webhook-id': '12',
    'x-wc-webhook-delivery-id': options.deliveryId ?? '1a2b3c',
    'user-agent': 'WooCommerce/8.5.0 Hookshot (WordPress/6.4)',
  });
}

/** Runs the ingestion worker until the inbox is empty. */
export async function drainInbox(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await processInbox(db);
    total += n;
    if (n === 0) return total;
  }
}

export async function parts(db: Db) {
  return db.kysely
    .selectFrom('pickup_parts')
    .innerJoin('web_orders', 'web_orders.id', 'pickup_parts.order_id')
    .select([
      'web_orders.external_id',
      'pickup_parts.store_id',
      'pickup_parts.status',
      'pickup_parts.revision',
      'pickup_parts.lines',
    ])
    .orderBy('web_orders.external_id')
    .orderBy('pickup_parts.store_id')
    .execute();
}

export const platformOf = (id: string) => id.replace('shop-', '') as Platform;

type Puller = {
  sync: {
    pull(input: {
      cursor: string | null;
      limit: number;
    }): Promise<{ changes: { topic: string; id: string; data: unknown }[] }>;
  };
};

/**
 * A device's pulled changes of one topic, once at least `atLeast` are there. On PostgreSQL a pull
 * holds back rows while any older transaction in the cluster is still open (docs/sync-protocol.md
 * §7.2), and other suites share the server, so a row just committed may come a pull later.
 */
export async function pullTopic(caller: Puller, topic: string, atLeast: number) {
  for (let attempt = 0; ; attempt++) {
    const page = await caller.sync.pull({ cursor: null, limit: 2000 });
    const changes = page.changes.filter((c) => c.topic === topic);
    if (changes.length >= atLeast || attempt >= 100) return changes;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The identity graph as it stands once a card issued at a till (with what the customer gave there)
 * was tied to a shop account by a redeemed receipt link code: that account's orders are the card
 * holder's (`cust-1` of `setUpChain`).
 */
export async function tieShopAccountToCard(
  db: Db,
  o: { card: string; shopAccountId: string; atIssue?: ObservedIdentifier[] },
) {
  await observe(
    db.kysely,
    {
      identifiers: [{ type: 'card', value: o.card, verified: true }, ...(o.atIssue ?? [])],
      evidence: 'card_issue',
      sourceRef: 'test:card-issue',
    },
    { newCustomerId: 'cust-1' },
  );
  await observe(db.kysely, {
    identifiers: [
      { type: 'shop_account', value: o.shopAccountId, verified: true },
      { type: 'card', value: o.card, verified: true },
    ],
    evidence: 'verified_link_code',
    sourceRef: 'test:link-code',
    connectionId: 'shop-generic',
  });
}
