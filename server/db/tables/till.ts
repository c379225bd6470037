import type { Generated } from 'kysely';

export type VatRateSource = 'till' | 'product' | 'default';

/**
 * What the tills sell and record: sales, returns, receipt link codes, shifts, and the catalogue and
 * scanner settings they pull.
 */
export type TillTables = {
  sales: {
    id: string;
    op_id: string;
    store_id: string;
    device_id: string;
    receipt_no: string;
    card_number: string | null;
    customer_id: string | null;
    currency: string;
    total_minor: number;
    wall_time: string;
    received_at: string;
    clock_suspect: number;
    /** The tier discount the sale was given (0 for sales without loyalty). */
    loyalty_discount_minor: Generated<number>;
    /** Who rang the sale up and in which shift; null for sales from before 0012 or without. */
    cashier_id: Generated<string | null>;
    shift_id: Generated<string | null>;
  };
  sale_lines: {
    sale_id: string;
    line_no: number;
    product_id: string;
    gtin: string;
    name: string;
    quantity_milli: number;
    unit_price_minor: number;
    total_minor: number;
    marking_code: string | null;
    /** The VAT rate sold at, in basis points (migration 0016). */
    vat_rate_bp: number;
    /** Where the rate came from: the till's line, the product's rate at ingest, or the default. */
    vat_rate_source: VatRateSource;
  };
  sale_payments: {
    sale_id: string;
    idx: number;
    method: string;
    amount_minor: number;
    tendered_minor: number;
    change_minor: number;
    /** The card terminal's reference; null for cash (migration 0015). */
    reference: string | null;
  };
  /** Returns of sales (server/returns/applyReturn.ts). */
  returns: {
    id: string;
    op_id: string;
    sale_id: string;
    store_id: string;
    device_id: string;
    refund_minor: number;
    reason: string;
    wall_time: string;
    received_at: string;
    /** Who refunded, in which shift, approved by which manager; null when the till sent none (0016). */
    cashier_id: Generated<string | null>;
    shift_id: Generated<string | null>;
    approved_by: Generated<string | null>;
    /** The sale's customer and card, copied when the return is recorded (migration 0022). */
    customer_id: Generated<string | null>;
    card_number: Generated<string | null>;
  };
  return_lines: {
    return_id: string;
    line_no: number;
    quantity_milli: number;
  };
  /** Receipt link codes minted by tills (server/linkCodes/registerLinkCode.ts). */
  link_codes: {
    code: string;
    sale_id: string;
    card_number: string | null;
    issued_at: string;
    status: 'pending' | 'redeemable' | 'redeemed';
    redeemed_at: string | null;
    attempts: Generated<number>;
    /** Past this the code no longer links (migration 0019); null: `issued_at` + the default TTL. */
    expires_at: Generated<string | null>;
    redeemed_visitor_id: Generated<string | null>;
    redeemed_connection_id: Generated<string | null>;
    /** The customer the redemption linked the visitor to. */
    redeemed_customer_id: Generated<string | null>;
  };
  /** People who sign in at a store's tills (migration 0012). */
  cashiers: {
    id: string;
    store_id: string;
    name: string;
    role: 'cashier' | 'manager';
    /** JSON of shared/domain/pinHash.ts `PinHash`. */
    pin_hash: string;
    active: Generated<number>;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  shifts: {
    id: string;
    store_id: string;
    device_id: string;
    cashier_id: string;
    open_op_id: string;
    opening_cash_minor: number;
    opened_wall_time: string;
    opened_received_at: string;
    closed_op_id: string | null;
    closed_by: string | null;
    counted_cash_minor: number | null;
    expected_cash_minor: number | null;
    difference_minor: number | null;
    /** JSON of shared/domain/shift.ts `ShiftFigures`, the till's Z report. */
    figures: string | null;
    closed_wall_time: string | null;
    closed_received_at: string | null;
  };
  cash_moves: {
    id: string;
    shift_id: string;
    cashier_id: string;
    op_id: string;
    direction: 'in' | 'out';
    amount_minor: number;
    reason: string;
    wall_time: string;
    received_at: string;
  };
  products: {
    id: string;
    gtin: string;
    name: string;
    price_minor: number;
    updated_at: string;
    /** The code weighed labels carry (migration 0013); null for goods never weighed. */
    item_code: Generated<string | null>;
    /** VAT rate in basis points (migration 0016); null: the chain's default rate. */
    vat_rate_bp: Generated<number | null>;
    /** 1: sold only by each unit's marking code (migration 0025). */
    marked: Generated<number>;
  };
  /** Card schemes and scale-label rules by version (server/hq/scanConfig.ts). */
  scan_configs: {
    version: number;
    config: string;
    created_by: string | null;
    created_at: string;
  };
};
