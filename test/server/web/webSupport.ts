import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { Db } from '../../../server/db/connect';
import { createHttpServer, type HttpOptions } from '../../../server/http';
import { observe } from '../../../server/identity';
import { createConnection } from '../../../server/webshop/connections';
import { makeSale, saleOp, setUpChain } from '../support/chain';

export const SHOP_ORIGIN = 'https://shop.example';
export const CONNECTION = 'shop-test';
export const CARD = '9900000000017';

/** A chain with a web shop allowed at SHOP_ORIGIN, its card known to the identity graph, and the server listening. */
export async function webRig(db: Db, options: Partial<HttpOptions> = {}) {
  const chain = await setUpChain(db);
  const connection = await createConnection(db, {
    id: CONNECTION,
    platform: 'generic',
    name: 'Test shop',
    allowedOrigins: [SHOP_ORIGIN],
    outboundUrl: null,
    holdDays: 3,
    locations: [],
  });
  if (!connection.ok) throw new Error('connection not created');
  // The till issued this card to `cust-1`: the graph knows it as that customer's, as card.issue records it.
  const card = await observe(
    db.kysely,
    {
      identifiers: [
        { type: 'card', value: CARD, verified: true },
        { type: 'phone', value: '+79120000001', verified: true },
      ],
      evidence: 'card_issue',
      sourceRef: 'test:card-issue',
    },
    { newCustomerId: 'cust-1' },
  );
  const server: Server = createHttpServer({ db, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let installId = uuidv7();
  let seq = 0;
  return {
    chain,
    base,
    secret: connection.secret,
    cardCustomerId: card.customerId,
    /** POSTs JSON as the script does (text/plain, from the shop's origin unless told otherwise). */
    post(action: string, body: unknown, headers: Record<string, string> = {}, connectionId = CONNECTION) {
      return fetch(`${base}/web/v1/${connectionId}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: SHOP_ORIGIN, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    /** A sale with the card and a fresh link code, pushed by till A; returns the code. */
    async syncSaleWithCode(code = newLinkCode(), cardNumber: string | null = CARD) {
      seq += 1;
      const result = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [
          saleOp(
            seq,
            makeSale({ linkCode: code, cardNumber, receiptNo: `A1-${String(seq).padStart(6, '0')}` }),
          ),
        ],
      });
      if (result.results[0]?.status !== 'applied') throw new Error(JSON.stringify(result.results[0]));
      return code;
    },
    restartStream() {
      installId = uuidv7();
      seq = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const newLinkCode = () => makeLinkCode(randomBytes(9));

export async function count(db: Db, table: 'web_events' | 'web_rate_windows'): Promise<number> {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
