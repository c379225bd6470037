import { normalizeLinkCode, parseLinkCode } from '../../shared/barcode/serverCodes';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { parseJsonText } from '../../shared/validation';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { linkCodeExpiry } from '../linkCodes/linkCodeTtl';
import { admitAttempt, settleSuccess } from '../security/attemptLimiter';
import { addressKey } from '../security/clientAddress';
import { observe } from '../identity';
import { publishOnlineChange } from './webEvents';
import type { WebConnection } from './webConnections';

export type LinkRefusal =
  /** Not a link code at all (a mistyped check symbol): said at once, not counted as a guess. */
  | 'bad_code'
  /** No sale holds it: a guess, a typo that kept the check symbol, or a till not synced yet. */
  | 'unknown_code'
  | 'expired'
  | 'already_redeemed'
  /** The receipt had no loyalty card: there is no customer to link the visitor to. */
  | 'no_card';

export type LinkOutcome =
  | {
      ok: true;
      /** This visitor had redeemed it before: nothing changed. */
      again: boolean;
      receipt: { receiptNo: string; storeName: string; totalMinor: number; currency: string };
    }
  | { ok: false; reason: LinkRefusal }
  | { ok: false; reason: 'too_many_attempts'; retryAfterSeconds: number };

/**
 * Redeems a receipt's link code for a visitor (docs/web-sdk.md §5). Every well-formed attempt is
 * counted per visitor and per address before the code is looked up, and given back only when it
 * succeeds, so guessing is as slow for many requests at once as for one at a time. A code is
 * redeemable once its sale has synced, until it expires, once; the redemption links the visitor,
 * and the shop account the visitor last identified with, to the card's customer with evidence
 * `verified_link_code`. The answer names the receipt, which its holder already has, and never the
 * customer.
 */
export async function redeemLinkCode(
  db: Db,
  connection: WebConnection,
  input: { visitorId: string; code: string; address: string },
  now = new Date(),
): Promise<LinkOutcome> {
  const code = readCode(input.code);
  if (code === undefined) return { ok: false, reason: 'bad_code' };
  const address = addressKey(input.address);
  for (const [kind, key] of [
    ['link_visitor', input.visitorId],
    ['link_address', address],
  ] as const) {
    const admitted = await admitAttempt(db, kind, key, now);
    if (!admitted.ok)
      return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: admitted.retryAfterSeconds };
  }

  const at = now.toISOString();
  const claim = await db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('link_codes')
      .innerJoin('sales', 'sales.id', 'link_codes.sale_id')
      .innerJoin('stores', 'stores.id', 'sales.store_id')
      .select([
        'link_codes.code',
        'link_codes.status',
        'link_codes.card_number',
        'link_codes.issued_at',
        'link_codes.expires_at',
        'link_codes.redeemed_visitor_id',
        'sales.id as sale_id',
        'sales.receipt_no',
        'sales.total_minor',
        'sales.currency',
        'stores.name as store_name',
      ])
      .where('link_codes.code', '=', code)
      .$if(db.dialect === 'postgres', (q) => q.forUpdate('link_codes'))
      .executeTakeFirst();
    if (!row || row.status === 'pending') return { ok: false as const, reason: 'unknown_code' as const };
    const refuse = async (reason: LinkRefusal) => {
      await trx
        .updateTable('link_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('code', '=', code)
        .execute();
      return { ok: false as const, reason };
    };
    const receipt = {
      receiptNo: row.receipt_no,
      storeName: row.store_name,
      totalMinor: Number(row.total_minor),
      currency: row.currency,
    };
    if (row.status === 'redeemed') {
      return row.redeemed_visitor_id === input.visitorId
        ? { ok: true as const, again: true, receipt }
        : refuse('already_redeemed');
    }
    if (at >= (row.expires_at ?? linkCodeExpiry(row.issued_at))) return refuse('expired');
    if (row.card_number === null) return refuse('no_card');
    await trx
      .updateTable('link_codes')
      .set({
        status: 'redeemed',
        redeemed_at: at,
        redeemed_visitor_id: input.visitorId,
        redeemed_connection_id: connection.id,
      })
      .where('code', '=', code)
      .where('status', '=', 'redeemable')
      .execute();
    // The link commits with the redemption: a code is never spent without its link, or linked twice.
    const account = await lastShopAccount(trx, connection.id, input.visitorId);
    const result = await observe(trx, {
      identifiers: [
        { type: 'card', value: row.card_number, verified: true },
        { type: 'visitor', value: input.visitorId, verified: true },
        ...(account
          ? [{ type: 'shop_account' as const, value: account.id, verified: account.verified }]
          : []),
      ],
      evidence: 'verified_link_code',
      sourceRef: `link:${code}`,
      connectionId: connection.id,
    });
    await trx
      .updateTable('link_codes')
      .set({ redeemed_customer_id: result.customerId })
      .where('code', '=', code)
      .execute();
    await trx
      .insertInto('web_events')
      .values({
        id: uuidv7(),
        connection_id: connection.id,
        visitor_id: input.visitorId,
        kind: 'link',
        customer_id: result.customerId,
        data: JSON.stringify({
          code,
          saleId: row.sale_id,
          cardNumber: row.card_number,
          outcome: result.outcome,
          ...(account ? { shopAccountId: account.id } : {}),
        }),
        received_at: at,
      })
      .execute();
    return { ok: true as const, again: false, receipt, customerId: result.customerId };
  });

  if (!claim.ok) return claim;
  // A genuine code: the attempt is given back on both buckets, the address's earlier failures kept.
  await settleSuccess(db, 'link_visitor', input.visitorId, true);
  await settleSuccess(db, 'link_address', address, false);
  // The visitor's cart is now the card holder's: the tills see it on the customer panel.
  if (!claim.again && claim.customerId) await publishOnlineChange(db, claim.customerId, at);
  return { ok: true, again: claim.again, receipt: claim.receipt };
}

/** The code in a typed text or a receipt QR's URL, canonical; undefined when it is not one. */
function readCode(text: string): string | undefined {
  const parsed = parseLinkCode(text.trim());
  if (parsed.ok) return parsed.code;
  return parsed.reason === 'not_link_code' ? normalizeLinkCode(text.trim()) : undefined;
}

const identifyData = z.object({ shopAccountId: z.string().optional(), verified: z.boolean().optional() });

/** The shop account the visitor last identified with on this shop, and whether the shop signed it. */
async function lastShopAccount(
  db: Kysely<Database>,
  connectionId: string,
  visitorId: string,
): Promise<{ id: string; verified: boolean } | null> {
  const rows = await db
    .selectFrom('web_events')
    .select('data')
    .where('visitor_id', '=', visitorId)
    .where('connection_id', '=', connectionId)
    .where('kind', '=', 'identify')
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  for (const row of rows) {
    const data = parseJsonText(identifyData, row.data);
    if (data.ok && data.value.shopAccountId)
      return { id: data.value.shopAccountId, verified: data.value.verified === true };
  }
  return null;
}
