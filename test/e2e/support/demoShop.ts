import { createHmac, randomUUID } from 'node:crypto';

/**
 * Posts an order to the demo chain's generic web shop as the shop would: the webhook address and
 * secret the server printed at start, the generic format's HMAC signature over timestamp and body.
 * Answers the HTTP status.
 */
export async function sendDemoOrder(serverOutput: string, order: Record<string, unknown>): Promise<number> {
  const match = /web shop demo-generic: POST (\S+)\s+secret: (\S+)/.exec(serverOutput);
  if (!match) throw new Error(`no demo-generic connection in:\n${serverOutput}`);
  const [, url = '', secret = ''] = match;
  const body = JSON.stringify({ schema: 'omnitill.order.v1', type: 'created', order });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-omnitill-event-id': randomUUID(),
      'x-omnitill-timestamp': timestamp,
      'x-omnitill-signature': `v1=${signature}`,
    },
    body,
  });
  return res.status;
}

/** A paid order of one kettle (2,500.00) in the demo shop's generic format, by delivery or for pickup. */
export function kettleOrder(o: {
  number: string;
  placedAt: string;
  customer: object;
  group: { method: 'pickup'; locationId: string } | { method: 'delivery' };
  cancelled?: boolean;
  updatedAt?: string;
}): Record<string, unknown> {
  return {
    externalId: o.number,
    orderNumber: o.number,
    sourceUpdatedAt: o.updatedAt ?? o.placedAt,
    placedAt: o.placedAt,
    platformStatus: o.cancelled ? 'cancelled' : 'paid',
    paid: true,
    ...(o.cancelled ? { cancelled: true } : {}),
    currency: 'RUB',
    totalMinor: 250_000,
    customer: o.customer,
    lines: [
      {
        lineId: '1',
        name: 'Kettle',
        quantity: 1,
        unitPriceMinor: 250_000,
        totalMinor: 250_000,
        groupId: 'g1',
      },
    ],
    groups: [{ id: 'g1', ...o.group }],
  };
}
