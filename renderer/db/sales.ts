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
import { canonicalJson } from '../../shared/domain/canonicalJson';
import type { DeviceRecord } from './database';
import { loyaltyUnchanged, priceLoyalty, readLoyalty, type LoyaltyReads } from './loyalty';
import { requireMeta, setMeta, type MetaValue } from './meta';

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

type Counters = MetaValue<'counters'>;

/** What a sale is computed from: the till, its counters and, for a card, what loyalty is priced from. */
type SaleReads = {
  cardNumber: string | null;
  device: DeviceRecord;
  counters: Counters;
  loyalty: LoyaltyReads | null;
};

/**
 * The reads of a sale made ahead while the cashier is on the payment screen (`prepareSale`), with
 * the meta rows they came from as stored (`storedMeta`), which the confirm compares as they are.
 */
export type PreparedSale = SaleReads & { storedMeta: string };

/** The meta rows a sale is computed from: the till, its counters and the loyalty rules. */
const SALE_META = ['device', 'counters', 'loyaltyConfig'] as const;

/**
 * Those rows as stored, one string to compare: one request to IndexedDB, and no schema check,
 * since rows equal to the ones a prepared sale checked when it read them are as good.
 */
async function storedMeta(db: TillDb): Promise<string> {
  const rows = await db.meta.bulkGet([...SALE_META]);
  return canonicalJson(rows.map((row) => row?.value ?? null));
}

const saleTables = (db: TillDb) => [
  db.meta,
  db.sales,
  db.outbox,
  db.basket,
  db.cards,
  db.refBlocks,
  db.customerSummaries,
];

/** The reads a sale needs, those that depend on another waiting only for it. */
async function readForSale(db: TillDb, cardNumber: string | null): Promise<SaleReads> {
  const [device, counters, loyalty] = await Promise.all([
    requireMeta(db, 'device'),
    requireMeta(db, 'counters'),
    cardNumber === null ? null : readLoyalty(db, cardNumber),
  ]);
  return { cardNumber, device, counters, loyalty };
}

/**
 * Reads ahead what confirming a sale for this card will be computed from, in one read-only
 * transaction. Called when payment starts; `recordSale` then checks it in its own transaction
 * instead of reading it there, and reads afresh if anything moved.
 */
export function prepareSale(db: TillDb, cardNumber: string | null): Promise<PreparedSale> {
  return db.transaction('r', saleTables(db), async () => {
    const [reads, stored] = await Promise.all([readForSale(db, cardNumber), storedMeta(db)]);
    return { ...reads, storedMeta: stored };
  });
}

/** The prepared reads no longer hold: the sale is computed again from fresh ones. */
class PreparedSaleMoved extends Error {}

/**
 * Confirms a sale: the sale, its lines, loyalty and payments, and its outbox operation are written
 * in ONE transaction together with the next seq and receipt number, and the open basket is emptied
 * in that same transaction, so a crash can leave neither a sold basket on screen nor a lost one.
 * Loyalty is priced from the cache as it is in that transaction (`quoteLoyalty`), so points spent
 * are checked against the balance as it is at this moment, not as the screen last showed it.
 * The caller shows "confirmed" only after this resolves; if anything fails, nothing of the sale
 * exists.
 *
 * With `prepared` (from `prepareSale`, for the same card) the sale is built before the
 * transaction, and the transaction sends, at once, the reads that check what it was built from
 * and the writes: IndexedDB runs them in that order, so the checks see the database as it was
 * before the writes, and if any check finds a change (another window sold, a pull arrived) the
 * transaction aborts with all its writes and the sale is computed again inside a new one, as
 * without `prepared`. Either way the seq and receipt number are read and advanced in the
 * committing transaction, so they stay unique and gap-free with two windows selling at once.
 */
export async function recordSale(
  db: TillDb,
  draft: SaleDraft,
  now = new Date(),
  prepared?: PreparedSale,
): Promise<RecordedSale> {
  if (prepared !== undefined && prepared.cardNumber === draft.cardNumber) {
    try {
      return await recordPrepared(db, draft, now, prepared);
    } catch {
      // Nothing of it was written: whatever went wrong is met again, and reported, below.
    }
  }
  return db.transaction('rw', saleTables(db), async () => {
    const built = buildSale(draft, now, await readForSale(db, draft.cardNumber));
    await writeSale(db, built);
    return built.recorded;
  });
}

async function recordPrepared(
  db: TillDb,
  draft: SaleDraft,
  now: Date,
  prepared: PreparedSale,
): Promise<RecordedSale> {
  const built = buildSale(draft, now, prepared);
  const { loyalty } = prepared;
  return db.transaction('rw', saleTables(db), async () => {
    const checked = Promise.all([
      storedMeta(db),
      // Without loyalty rules a card is priced as no card whatever the cache holds for it, and
      // the rules are among the meta rows compared: nothing else to read.
      loyalty === null || loyalty.config === null || draft.cardNumber === null
        ? true
        : loyaltyUnchanged(db, draft.cardNumber, loyalty),
    ]).then(([stored, loyaltySame]) => {
      // Thrown in the reads' own callback, before the transaction can commit: it aborts with the writes.
      if (!(loyaltySame && stored === prepared.storedMeta)) {
        throw new PreparedSaleMoved('the till changed since payment started');
      }
    });
    await Promise.all([checked, writeSale(db, built)]);
    return built.recorded;
  });
}

type BuiltSale = { recorded: RecordedSale; counters: Counters };

/** The sale as it will be written, from what was read; throws (and nothing is written) if it does not add up. */
function buildSale(draft: SaleDraft, now: Date, reads: SaleReads): BuiltSale {
  const { device, counters } = reads;
  const lines = draft.lines.map((l, i) => ({
    ...l,
    lineNo: i + 1,
    totalMinor: lineTotal(l.quantityMilli, l.unitPriceMinor),
  }));
  const subtotalMinor = lines.reduce((sum, l) => sum + l.totalMinor, 0);
  const quote = reads.loyalty === null ? null : priceLoyalty(reads.loyalty, lines);
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
  return {
    recorded: { sale: checked.value, seq: counters.nextSeq, opId: uuidv7() },
    counters: { nextSeq: counters.nextSeq + 1, nextReceipt: counters.nextReceipt + 1 },
  };
}

/**
 * The writes go out together; IndexedDB applies them in this order, and if any fails the
 * transaction aborts with all of them. The outbox record holds the sale's hash, not a second copy
 * of the sale: its payload is the sale row written beside it (`withPayloads`).
 */
async function writeSale(db: TillDb, { recorded, counters }: BuiltSale): Promise<void> {
  const { sale, seq, opId } = recorded;
  await Promise.all([
    db.sales.add({ ...sale, seq, opId }),
    db.outbox.add({
      seq,
      opId,
      kind: 'sale.record',
      schemaVersion: operationKinds['sale.record'].currentVersion,
      payloadHash: payloadHash(sale),
      wallTime: sale.wallTime,
      attempts: 0,
      lastError: null,
    }),
    setMeta(db, 'counters', counters),
    db.basket.delete('open'),
  ]);
}
