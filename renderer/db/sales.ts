import { makeLinkCode } from '../../shared/barcode/serverCodes';
import { lineTotal } from '../../shared/domain/money';
import { saleSchema, type Sale, type SaleLine, type SalePayment } from '../../shared/domain/sale';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { operationKinds } from '../../shared/sync/operations';
import { payloadHash } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from './database';
import { requireMeta, setMeta } from './meta';

export type SaleDraft = {
  cardNumber: string | null;
  lines: Pick<
    SaleLine,
    'productId' | 'gtin' | 'name' | 'quantityMilli' | 'unitPriceMinor' | 'markingCode' | 'vatRateBp'
  >[];
  cashTenderedMinor: number;
};

export type RecordedSale = { sale: Sale; seq: number; opId: string };

/** The receipt number comes from this till's own range: store code, till, running number. */
export function receiptNumber(storeCode: string, deviceId: string, n: number): string {
  return `${storeCode}-${deviceId.slice(-4).toUpperCase()}-${String(n).padStart(6, '0')}`;
}

/**
 * Confirms a cash sale: the sale, its lines and payment, and its outbox operation are written in
 * ONE transaction together with the next seq and receipt number, and the open basket is emptied in
 * that same transaction, so a crash can leave neither a sold basket on screen nor a lost one. The caller shows "confirmed" only
 * after this resolves; if anything fails, nothing of the sale exists.
 */
export async function recordSale(db: TillDb, draft: SaleDraft, now = new Date()): Promise<RecordedSale> {
  return db.transaction('rw', [db.meta, db.sales, db.outbox, db.basket], async () => {
    const device = await requireMeta(db, 'device');
    const counters = await requireMeta(db, 'counters');
    const lines = draft.lines.map((l, i) => ({
      ...l,
      lineNo: i + 1,
      totalMinor: lineTotal(l.quantityMilli, l.unitPriceMinor),
    }));
    const totalMinor = lines.reduce((sum, l) => sum + l.totalMinor, 0);
    const payment: SalePayment = {
      method: 'cash',
      amountMinor: totalMinor,
      tenderedMinor: draft.cashTenderedMinor,
      changeMinor: draft.cashTenderedMinor - totalMinor,
    };
    // The shared schema checks the arithmetic the server will check, before anything is written.
    const checked = parseUnknown(saleSchema, {
      saleId: uuidv7(),
      receiptNo: receiptNumber(device.store.code, device.deviceId, counters.nextReceipt),
      cardNumber: draft.cardNumber,
      currency: device.store.currency,
      lines,
      payments: [payment],
      totalMinor,
      wallTime: now.toISOString(),
      // Minted here, offline: 45 random bits, so no other till mints it (docs/sync-protocol.md §11).
      linkCode: makeLinkCode(crypto.getRandomValues(new Uint8Array(9))),
    });
    // Thrown, so the transaction aborts and nothing of the sale is written.
    if (!checked.ok) throw new Error(`sale not recorded:\n${checked.error}`);
    const sale = checked.value;
    const seq = counters.nextSeq;
    const opId = uuidv7();
    await db.sales.add({ ...sale, seq, opId, syncState: 'pending' });
    await db.outbox.add({
      seq,
      opId,
      kind: 'sale.record',
      schemaVersion: operationKinds['sale.record'].currentVersion,
      payload: sale,
      payloadHash: payloadHash(sale),
      wallTime: sale.wallTime,
      attempts: 0,
      lastError: null,
    });
    await setMeta(db, 'counters', { nextSeq: seq + 1, nextReceipt: counters.nextReceipt + 1 });
    await db.basket.delete('open');
    return { sale, seq, opId };
  });
}
