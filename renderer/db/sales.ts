import { makeLinkCode } from '../../shared/barcode/serverCodes';
import { lineTotal } from '../../shared/domain/money';
import { saleSchema, type Sale, type SaleLine, type SaleLoyalty } from '../../shared/domain/sale';
import { applyBurn } from '../../shared/loyalty';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { operationKinds } from '../../shared/sync/operations';
import { payloadHash } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from './database';
import { planTender, type CardTender } from '../till/tender';
import { quoteLoyalty } from './loyalty';
import { requireMeta, setMeta } from './meta';

export type SaleDraft = {
  cardNumber: string | null;
  lines: Pick<
    SaleLine,
    'productId' | 'gtin' | 'name' | 'quantityMilli' | 'unitPriceMinor' | 'markingCode' | 'vatRateBp' | 'unit'
  >[];
  /** Cash handed over; undefined: the exact cash for what the cards leave. */
  cashTenderedMinor?: number;
  /** Payments on the card terminal, taken before the cash. */
  cardPayments?: readonly CardTender[];
  /** Points the customer spends; at most what `quoteLoyalty` allows now. */
  pointsToBurn?: number;
  /** The signed-in cashier and the open shift, when there is one. */
  cashierId?: string;
  shiftId?: string;
};

export type RecordedSale = { sale: Sale; seq: number; opId: string };

/** The receipt number comes from this till's own range: store code, till, running number. */
export function receiptNumber(storeCode: string, deviceId: string, n: number): string {
  return `${storeCode}-${deviceId.slice(-4).toUpperCase()}-${String(n).padStart(6, '0')}`;
}

/**
 * Confirms a sale: the sale, its lines, loyalty and payments, and its outbox operation are written
 * in ONE transaction together with the next seq and receipt number, and the open basket is emptied
 * in that same transaction, so a crash can leave neither a sold basket on screen nor a lost one.
 * Loyalty is priced again inside the transaction from the cache (`quoteLoyalty`), so points spent
 * are checked against the balance as it is at this moment, not as the screen last showed it.
 * The caller shows "confirmed" only after this resolves; if anything fails, nothing of the sale
 * exists.
 */
export async function recordSale(db: TillDb, draft: SaleDraft, now = new Date()): Promise<RecordedSale> {
  const tables = [db.meta, db.sales, db.outbox, db.basket, db.cards, db.refBlocks, db.customerSummaries];
  const lines = draft.lines.map((l, i) => ({
    ...l,
    lineNo: i + 1,
    totalMinor: lineTotal(l.quantityMilli, l.unitPriceMinor),
  }));
  const subtotalMinor = lines.reduce((sum, l) => sum + l.totalMinor, 0);
  return db.transaction('rw', tables, async () => {
    // The reads go out together: the cashier waits for one round trip to IndexedDB, not one per read.
    const [device, counters, quote] = await Promise.all([
      requireMeta(db, 'device'),
      requireMeta(db, 'counters'),
      quoteLoyalty(db, draft.cardNumber, lines),
    ]);
    const wanted = draft.pointsToBurn ?? 0;
    if (wanted > 0 && (quote === null || wanted > quote.priced.maxBurnPoints)) {
      throw new Error(
        `sale not recorded:\npoints: ${wanted} asked, ${quote?.priced.maxBurnPoints ?? 0} may be spent`,
      );
    }
    let loyalty: SaleLoyalty | undefined;
    let totalMinor = subtotalMinor;
    let dueMinor = subtotalMinor;
    if (quote !== null) {
      const burn = applyBurn(quote.priced, wanted, quote.config);
      totalMinor = quote.priced.totalMinor;
      dueMinor = burn.dueMinor;
      loyalty = {
        configVersion: quote.config.version,
        tierCode: quote.tierCode,
        discountMinor: quote.priced.discountMinor,
        pointsBurned: burn.pointsBurned,
        burnValueMinor: burn.burnValueMinor,
        pointsEarned: burn.pointsEarned,
      };
    }
    const tender = planTender(dueMinor, draft.cardPayments ?? [], draft.cashTenderedMinor ?? null);
    if (!tender.ok) throw new Error(`sale not recorded:\npayments: ${tender.problem}`);
    // The shared schema checks the arithmetic the server will check, before anything is written.
    const checked = parseUnknown(saleSchema, {
      saleId: uuidv7(),
      receiptNo: receiptNumber(device.store.code, device.deviceId, counters.nextReceipt),
      cardNumber: draft.cardNumber,
      currency: device.store.currency,
      lines,
      payments: tender.payments,
      totalMinor,
      ...(draft.cashierId === undefined ? {} : { cashierId: draft.cashierId }),
      ...(draft.shiftId === undefined ? {} : { shiftId: draft.shiftId }),
      ...(loyalty ? { loyalty } : {}),
      wallTime: now.toISOString(),
      // Minted here, offline: 45 random bits, so no other till mints it (docs/sync-protocol.md §12).
      linkCode: makeLinkCode(crypto.getRandomValues(new Uint8Array(9))),
    });
    // Thrown, so the transaction aborts and nothing of the sale is written.
    if (!checked.ok) throw new Error(`sale not recorded:\n${checked.error}`);
    const sale = checked.value;
    const seq = counters.nextSeq;
    const opId = uuidv7();
    // The writes go out together too; IndexedDB applies them in this order, and if any fails the
    // transaction aborts with all of them.
    await Promise.all([
      db.sales.add({ ...sale, seq, opId }),
      db.outbox.add({
        seq,
        opId,
        kind: 'sale.record',
        schemaVersion: operationKinds['sale.record'].currentVersion,
        payload: sale,
        payloadHash: payloadHash(sale),
        wallTime: sale.wallTime,
        attempts: 0,
        lastError: null,
      }),
      setMeta(db, 'counters', { nextSeq: seq + 1, nextReceipt: counters.nextReceipt + 1 }),
      db.basket.delete('open'),
    ]);
    return { sale, seq, opId };
  });
}
