import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { parseJsonText } from '../../shared/validation';
import { guardServer, refuse, requestUrl } from '../../server/httpBoundary';
import { signIdentify } from '../../server/web/signedIdentify';
import { normalizeLinkCode } from '../../shared/barcode/serverCodes';
import { catalogPage, linkLandingPage, SHOP_CSS, SHOP_JS, SHOP_PRODUCTS, SHOP_STUB_JS } from './shopPages';

export type DemoShop = { url: string; server: Server; close(): Promise<void> };

export type DemoShopOptions = {
  port: number;
  host?: string;
  /** The OmniTill server: where /sdk.js and the webhook endpoint are. */
  serverUrl: string;
  connectionId: string;
  /** The connection's secret: the shop signs identifies and webhooks with it. */
  secret: string;
  /** The store pickup orders go to (the connection maps store codes to stores). */
  pickupStoreCode: string;
};

const loginSchema = z.object({ email: z.email().max(254), visitorId: z.string().max(64).nullable() });
const orderSchema = z.object({
  email: z.email().max(254).nullable(),
  visitorId: z.string().max(64).nullable(),
  lines: z
    .array(z.object({ sku: z.string().max(64), quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(20),
});

/**
 * A small web shop on its own origin, standing in for a customer's real one in the demo and the
 * browser tests: pages that include /sdk.js, a sign-in its server vouches for (signed identify),
 * pickup orders sent as the signed generic webhook, and the `/l/<code>` receipt landing.
 */
export async function startDemoShop(options: DemoShopOptions): Promise<DemoShop> {
  const { serverUrl, connectionId, secret } = options;
  let orderNo = 0;
  const server = createServer((req, res) => {
    const url = requestUrl(req);
    if (url === null) return refuse(res, 400, 'bad request target');
    const send = (type: string, body: string, status = 200): void => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
    };
    if (req.method === 'GET' && url.pathname === '/')
      return send('text/html; charset=utf-8', catalogPage(serverUrl, connectionId));
    if (req.method === 'GET' && url.pathname === '/shop.js')
      return send('text/javascript; charset=utf-8', SHOP_JS);
    if (req.method === 'GET' && url.pathname === '/shop-stub.js')
      return send('text/javascript; charset=utf-8', SHOP_STUB_JS);
    if (req.method === 'GET' && url.pathname === '/shop.css')
      return send('text/css; charset=utf-8', SHOP_CSS);
    // The receipt QR opens /l/<code>; a shop may route it to /link/<code>.
    const landing = req.method === 'GET' ? /^\/(?:l|link)\/([^/]{1,24})\/?$/.exec(url.pathname) : null;
    const code = landing ? normalizeLinkCode(landing[1] ?? '') : undefined;
    if (code !== undefined)
      return send('text/html; charset=utf-8', linkLandingPage(serverUrl, connectionId, code));
    if (req.method === 'POST' && url.pathname === '/api/login') return void login(req, res);
    if (req.method === 'POST' && url.pathname === '/api/order') return void order(req, res);
    send('text/plain; charset=utf-8', 'not found\n', 404);
  });
  guardServer('demo shop', server);

  async function login(req: IncomingMessage, res: ServerResponse) {
    const input = parseJsonText(loginSchema, await readText(req));
    if (!input.ok) return json(res, 400, { error: input.error });
    // The shop's own account id for this email; a real shop has it in its customer table.
    const shopAccountId = `acct-${createHmac('sha256', 'demo-shop').update(input.value.email.toLowerCase()).digest('hex').slice(0, 12)}`;
    const who = { visitorId: input.value.visitorId ?? '', shopAccountId, email: input.value.email };
    const ts = Math.floor(Date.now() / 1000);
    json(res, 200, {
      shopAccountId,
      email: who.email,
      signature: { ts, sig: signIdentify(secret, ts, connectionId, who) },
    });
  }

  async function order(req: IncomingMessage, res: ServerResponse) {
    const input = parseJsonText(orderSchema, await readText(req));
    if (!input.ok) return json(res, 400, { error: input.error });
    orderNo += 1;
    const orderNumber = `DEMO-${Date.now().toString(36).toUpperCase()}-${orderNo}`;
    const lines = input.value.lines.flatMap((line, i) => {
      const product = SHOP_PRODUCTS.find((p) => p.sku === line.sku);
      if (!product) return [];
      return [
        {
          lineId: String(i + 1),
          name: product.name,
          sku: product.sku,
          quantity: line.quantity,
          unitPriceMinor: product.priceMinor,
          totalMinor: product.priceMinor * line.quantity,
          groupId: 'pickup',
        },
      ];
    });
    if (lines.length === 0) return json(res, 400, { error: 'empty cart' });
    const now = new Date().toISOString();
    const body = JSON.stringify({
      schema: 'omnitill.order.v1',
      type: 'created',
      order: {
        externalId: orderNumber,
        orderNumber,
        sourceUpdatedAt: now,
        placedAt: now,
        platformStatus: 'paid',
        paid: true,
        currency: 'RUB',
        totalMinor: lines.reduce((sum, l) => sum + l.totalMinor, 0),
        customer: input.value.email ? { email: input.value.email } : {},
        lines,
        groups: [{ id: 'pickup', method: 'pickup', locationId: options.pickupStoreCode }],
        ...(input.value.visitorId ? { visitorId: input.value.visitorId } : {}),
      },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const sent = await fetch(`${serverUrl}/ingest/generic/${connectionId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-omnitill-event-id': randomUUID(),
        'x-omnitill-timestamp': ts,
        'x-omnitill-signature': `v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`,
      },
      body,
    }).catch(() => null);
    if (!sent?.ok)
      return json(res, 502, { error: `the OmniTill server answered ${sent?.status ?? 'nothing'}` });
    json(res, 200, { orderNumber });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(body));
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
