import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { SnapshotManifest } from '../../shared/sync/snapshot';
import type { OperationKind } from '../../shared/sync/operations';
import type { CashMove, ShiftFigures } from '../../shared/domain/shift';
import type { LoyaltyConfig } from '../../shared/loyalty';
import type { PickupConfirm, PickupOrderRow } from '../../shared/domain/pickup';
import {
  customerSummaryRowSchema,
  loyaltyConfigRowSchema,
  type CardRow,
  type CashierRow,
  type CustomerSummaryRow,
  type ProductRow,
  type StoreRow,
} from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { Sale } from '../../shared/domain/sale';
import type { ScanConfig } from '../../shared/barcode';
import type { SaleReturn } from '../../shared/domain/saleReturn';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Cart } from '../till/cart';
import { keepOpenAcrossUpgrades } from './connection';

/** This till's enrolment: who it is, where it syncs, with what token. */
export type DeviceRecord = {
  deviceId: string;
  name: string;
  token: string;
  serverUrl: string;
  store: StoreRow;
  enrolledAt: string;
};

export type MetaRecord =
  | { key: 'device'; value: DeviceRecord }
  /** Created with the database; a fresh database is a new install with its own seq stream. */
  | { key: 'install'; value: { installId: string; createdAt: string } }
  /** Gap-free per install; advanced only inside the transaction that writes an operation. */
  | { key: 'counters'; value: { nextSeq: number; nextReceipt: number } }
  | { key: 'pullCursor'; value: string | null }
  | { key: 'lastSync'; value: { pushAt: string | null; pullAt: string | null } }
  /** The chain's loyalty rules as last pulled (topic `loyalty_config`); absent: no loyalty yet. */
  | { key: 'loyaltyConfig'; value: LoyaltyConfig }
  /** Card schemes and scale-label rules pulled from HQ; absent until the first pull brings one. */
  | { key: 'scanConfig'; value: { version: number; config: ScanConfig } }
  /**
   * A snapshot being stored (docs/sync-protocol.md §17): which one, and how many of its parts are
   * in. Present from the first part to the last; the pull cursor stays null until it is gone.
   */
  /** Cards held in snapshot blocks (`refBlocks`), for the status bar's count. */
  | { key: 'snapshotCards'; value: number }
  /** Products held in snapshot blocks that no row of `products` stands in front of, likewise. */
  | { key: 'snapshotProducts'; value: number }
  | { key: 'bootstrap'; value: { manifest: SnapshotManifest; partsDone: number; rowsDone: number } };

export type MetaKey = MetaRecord['key'];

/**
 * A queued operation. A sale's record (`sale.record`) written from this version on holds no
 * `payload`: its payload is its sale row (the row of the same seq, less its seq and opId), read
 * back and checked against the record's opId and hash whenever the operation leaves the outbox
 * (`withPayloads`), so the sale is written once, not twice, when it is confirmed
 * (docs/sync-protocol.md §15.1). Records written earlier, and every other kind, hold it whole.
 */
export type OutboxRecord = {
  seq: number;
  opId: string;
  kind: OperationKind;
  schemaVersion: number;
  payload?: unknown;
  payloadHash: string;
  wallTime: string;
  attempts: number;
  lastError: string | null;
};

/** A refused operation, with its payload always whole: the attention list shows it. */
export type RejectedRecord = OutboxRecord & {
  payload: unknown;
  reason: string;
  detail: string | null;
  rejectedAt: string;
  quarantined: boolean;
};

/**
 * A sale as confirmed at this till. Its sync state is not part of the row: it is where its
 * operation is (outbox, rejected or acknowledged), read by `withSyncStates`, so acknowledging a
 * sale never rewrites it (docs/sync-protocol.md §15).
 */
export type SaleRecord = Sale & { seq: number; opId: string };

/** A return recorded at this till; its sync state is its operation's (outbox, history, rejected). */
export type ReturnRecord = SaleReturn & { seq: number; opId: string };

/**
 * An operation the server has recorded, kept (same opId, seq, payload, hash and wall time) for a
 * while so that a server restored from an older backup can have it again
 * (docs/sync-protocol.md §5.2). `ackedAt` is this till's clock when the answer came: it decides
 * only how long the record is kept, never any order.
 */
export type HistoryRecord = Omit<OutboxRecord, 'attempts' | 'lastError' | 'payload'> & {
  /**
   * Absent for a sale whose payload is its sale row (the row of the same seq, less its seq and
   * opId): the history does not copy it a second time (§15). Older records hold it whole.
   */
  payload?: unknown;
  outcome: 'applied' | 'rejected';
  ackedAt: string;
};

/**
 * The records of one answered batch, kept as one row under its first seq (`through` is its last):
 * a drain writes one row per 500 operations instead of 500 (docs/sync-protocol.md §15). A run's
 * seqs are consecutive and no two rows share a seq, so the history is still one unbroken run of
 * seqs, now in rows of one record or many. Records written before are rows of one.
 */
export type HistoryRun = { seq: number; through: number; records: HistoryRecord[] };
export type HistoryRow = HistoryRecord | HistoryRun;

/**
 * A block of read-mostly reference rows from a snapshot: up to `BLOCK_LINES` lines sorted by key,
 * one string, found by the greatest `first` not above a key (docs/sync-protocol.md §17).
 */
export type RefBlockRecord = {
  kind: 'card' | 'cardByCustomer' | 'productByGtin' | 'productById' | 'productByName' | 'productByItemCode';
  first: string;
  text: string;
};

/**
 * A product's place in `products` once it has left the snapshot's blocks by a pulled deletion, or
 * by another product taking its GTIN: its block lines are not read again (docs/sync-protocol.md
 * §17.2). Without a GTIN, name or item code it is in none of the table's indexes.
 */
export type ProductTombstone = { id: string; deleted: true } & {
  [K in Exclude<keyof ProductRow, 'id'>]?: undefined;
};
/** A row of `products`: a product pulled after the snapshot (or before version 11), or a tombstone. */
export type ProductRecord = (ProductRow & { deleted?: undefined }) | ProductTombstone;

/** A pulled row this app version cannot store yet; kept, re-applied after an upgrade. */
export type ParkedChange = { id?: number; topic: string; entityId: string; data: unknown; reason: string };

/**
 * The sale being built, written on every change so that a reload, a crash or a power cut brings it
 * back. One row: the till has one open basket.
 */
export type OpenBasketRecord = { id: 'open'; cart: Cart; selectedKey: string | null };

/**
 * A basket put aside (the customer went back for milk) while the next customer is served.
 * `id` counts up on this till and orders the list; `heldAt` is only shown, never sorted on.
 */
export type HeldBasketRecord = { id?: number; cart: Cart; heldAt: string };

/** A cashier pulled from HQ (topic `cashier`): name, role and salted PIN hash, never the PIN. */
export type CashierRecord = CashierRow;

/**
 * A shift on this till. `openSeq` is the seq of its `shift.open`: the shift's sales are those
 * after it, so its reports never depend on the till's clock.
 */
export type ShiftRecord = {
  id: string;
  cashierId: string;
  openingCashMinor: number;
  openSeq: number;
  openedAt: string;
  status: 'open' | 'closed';
  close: null | {
    countedCashMinor: number;
    differenceMinor: number;
    figures: ShiftFigures;
    closedAt: string;
    cashierId: string;
  };
};

export type CashMoveRecord = CashMove;

/** Wrong PINs typed at this till in a row, and until when sign-in is locked. */
export type PinAttemptsRecord = { key: 'till'; failures: number; lockedUntil: string | null };

/** A web-shop order to collect at this store, as last pulled (topic `pickup_order`). */
export type PickupOrderRecord = PickupOrderRow;

/**
 * A hand-out recorded at this desk: the `pickup.confirm` it queued and what became of it. The
 * order row stays the server's word; the desk shows its own hand-out over it until the server's
 * next revision of the order arrives, so a pending or refused hand-out is never hidden.
 */
export type PickupHandoutRecord = {
  pickupId: string;
  orderId: string;
  orderNumber: string;
  seq: number;
  opId: string;
  payload: PickupConfirm;
  state: 'pending' | 'applied' | 'rejected';
  /** The server's reason when it refused the hand-out (`already_collected`, `expired`…). */
  reason: string | null;
  detail: string | null;
};

/**
 * Wrong pickup codes typed at this desk for an order. `allowance` grows by the attempt limit each
 * time a manager approves more tries, so the count reported to the server is every wrong code.
 */
export type PickupAttemptsRecord = { orderId: string; failures: number; allowance: number };

export type TillDb = Dexie & {
  meta: EntityTable<MetaRecord, 'key'>;
  products: EntityTable<ProductRecord, 'id'>;
  cards: EntityTable<CardRow, 'number'>;
  sales: EntityTable<SaleRecord, 'saleId'>;
  outbox: EntityTable<OutboxRecord, 'seq'>;
  rejected: EntityTable<RejectedRecord, 'seq'>;
  parked: EntityTable<ParkedChange, 'id'>;
  history: EntityTable<HistoryRow, 'seq'>;
  basket: EntityTable<OpenBasketRecord, 'id'>;
  heldBaskets: EntityTable<HeldBasketRecord, 'id'>;
  cashiers: EntityTable<CashierRecord, 'id'>;
  shifts: EntityTable<ShiftRecord, 'id'>;
  cashMoves: EntityTable<CashMoveRecord, 'moveId'>;
  pinAttempts: EntityTable<PinAttemptsRecord, 'key'>;
  customerSummaries: EntityTable<CustomerSummaryRow, 'customerId'>;
  returns: EntityTable<ReturnRecord, 'returnId'>;
  pickupOrders: EntityTable<PickupOrderRecord, 'id'>;
  pickupHandouts: EntityTable<PickupHandoutRecord, 'pickupId'>;
  pickupAttempts: EntityTable<PickupAttemptsRecord, 'orderId'>;
  refBlocks: Table<RefBlockRecord, [RefBlockRecord['kind'], string]>;
};

export const DB_NAME = 'omnitill-till';
/** The newest version `declareTillSchema` declares. */
export const TILL_DB_VERSION = 11;

/**
 * The till's schema, every version of it. Versions are never edited once released; a change is a
 * new `version(n)` with its upgrade and a test that opens version n−1 with a queued outbox.
 * Upgrades never rewrite queued operations: the server upcasts old payloads.
 */
export function declareTillSchema(db: Dexie): void {
  db.version(1).stores({
    meta: 'key',
    products: 'id, &gtin, name',
    cards: 'number, customerId',
    sales: 'saleId, &receiptNo, &seq',
    outbox: 'seq, &opId',
    rejected: 'seq, opId',
    parked: '++id, topic',
  });
  // 2: acknowledged operations move to `history` instead of being deleted. A new, empty table:
  // nothing to convert, and the queued operations are left exactly as they are.
  db.version(2).stores({ history: 'seq, &opId' });
  // 3: the open basket and held baskets live on disk. New, empty tables; nothing else changes.
  db.version(3).stores({ basket: 'id', heldBaskets: '++id' });
  // 5: pulled customer summaries, found by customer id (from the card) or by phone key; sales
  // indexed by card and sync state, so a card's unsynced burns are one indexed range. New indexes
  // and a new, empty table: queued operations are left exactly as they are.
  db.version(5)
    .stores({
      customerSummaries: 'customerId, phoneKey',
      sales: 'saleId, &receiptNo, &seq, [cardNumber+syncState]',
    })
    // Version 3 and 4 tills pulled these topics and parked them; the cursor has moved past them,
    // so they are stored now or the till would wait for each customer's next change.
    .upgrade((tx) => storeParkedLoyalty(tx));
  // 6: returns recorded at this till (a new, empty table) and sales found by their receipt's link
  // code (a new index; sales recorded before it have no code and are simply not in it).
  db.version(6).stores({
    returns: 'returnId, saleId, &seq',
    sales: 'saleId, &receiptNo, &seq, [cardNumber+syncState], linkCode',
  });
  // 7: cashiers, shifts and cash moves, and the PIN lockout. New, empty tables only.
  db.version(7).stores({
    cashiers: 'id',
    shifts: 'id, status',
    cashMoves: 'moveId, shiftId',
    pinAttempts: 'key',
  });
  // 8: the pickup desk. Pulled web-shop orders, found by order number, the customer's phone key,
  // any of their cards, or state; the desk's own hand-outs by order, seq (to mark them when the
  // server answers) and state; wrong pickup codes per order. New, empty tables only: orders arrive
  // with the next pull, and queued operations are left exactly as they are.
  db.version(8).stores({
    pickupOrders: 'id, orderNumber, customer.phoneKey, *customer.cardNumbers, status',
    pickupHandouts: 'pickupId, orderId, &seq, state',
    pickupAttempts: 'orderId',
  });
  // 9: cards from a snapshot, in sorted blocks (docs/sync-protocol.md §17). A new, empty table;
  // cards already pulled stay rows in `cards`, which lookups read first.
  db.version(9).stores({ refBlocks: '[kind+first]' });
  // 10: a sale's sync state leaves the sale row (docs/sync-protocol.md §15). It was always the
  // place of the sale's operation (pending while queued, rejected while in `rejected`, synced
  // after), which is where it is read from now, so acknowledging a batch no longer rewrites its
  // sales. A card's unsynced burns are its sales from the head of the queue on: one range of the
  // new [cardNumber+seq] index. The upgrade drops the old field; queued operations stay as they are.
  db.version(10)
    .stores({ sales: 'saleId, &receiptNo, &seq, [cardNumber+seq], linkCode' })
    .upgrade((tx) =>
      tx
        .table('sales')
        .toCollection()
        .modify((sale: Record<string, unknown>) => {
          delete sale.syncState;
        }),
    );
  // 11: products from a snapshot, in sorted blocks like cards (docs/sync-protocol.md §17.2);
  // `products` holds what was pulled after it, and tombstones. Its new `itemCode` index finds a
  // weighed label's product there. Products a version 10 till holds stay rows, read first.
  db.version(11).stores({ products: 'id, &gtin, name, itemCode' });
  db.on('populate', (tx) => {
    void tx.table('meta').bulkAdd([
      { key: 'install', value: { installId: uuidv7(), createdAt: new Date().toISOString() } },
      { key: 'counters', value: { nextSeq: 1, nextReceipt: 1 } },
      { key: 'pullCursor', value: null },
      { key: 'lastSync', value: { pushAt: null, pullAt: null } },
    ]);
  });
}

/** Stores parked `loyalty_config` and `customer_summary` rows, oldest first, and unparks them. */
async function storeParkedLoyalty(tx: Transaction): Promise<void> {
  const parked = (await tx
    .table('parked')
    .where('topic')
    .anyOf('loyalty_config', 'customer_summary')
    .sortBy('id')) as ParkedChange[];
  let config: LoyaltyConfig | null = null;
  for (const row of parked) {
    if (row.topic === 'loyalty_config') {
      const parsed = parseUnknown(loyaltyConfigRowSchema, row.data);
      if (parsed.ok && (config === null || parsed.value.version >= config.version)) config = parsed.value;
    } else if (row.data === null) {
      await tx.table('customerSummaries').delete(row.entityId);
    } else {
      const parsed = parseUnknown(customerSummaryRowSchema, row.data);
      if (!parsed.ok) continue; // stays parked with its reason
      await tx.table('customerSummaries').put(parsed.value);
    }
    if (row.id !== undefined) await tx.table('parked').delete(row.id);
  }
  if (config !== null) await tx.table('meta').put({ key: 'loyaltyConfig', value: config });
}

/** The till's one local database, kept open across upgrades made by another window. */
export function openTillDb(name = DB_NAME): TillDb {
  // 'strict' makes Chromium flush to disk before a transaction reports success, so a confirmed
  // sale survives power loss; catalog pages could be relaxed, but one setting keeps it simple.
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as TillDb;
  declareTillSchema(db);
  keepOpenAcrossUpgrades(db);
  return db;
}

/**
 * A second connection to the till's database whose transactions do not wait for a disk flush,
 * used only to store the server's answers to a push and the parts of a first snapshot. Losing
 * such a transaction to a power cut leaves the operations queued, so they are sent again and
 * answered `duplicate`: nothing is lost or counted twice, and the drain does not pay a flush per
 * batch (docs/sync-protocol.md §15). A snapshot part lost the same way is fetched again, since the
 * count of parts stored moves in its transaction (§17).
 * Everything the cashier confirms keeps going through the strict connection.
 */
export function openAckHandle(db: TillDb): TillDb {
  const relaxed = new Dexie(db.name, { chromeTransactionDurability: 'relaxed' }) as TillDb;
  declareTillSchema(relaxed);
  keepOpenAcrossUpgrades(relaxed);
  return relaxed;
}
