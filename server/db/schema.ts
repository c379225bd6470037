import type { Generated, Insertable, Selectable } from 'kysely';
import type { PickupStatus } from '../../shared/domain/pickup';

/**
 * Table shapes for the query layer. Times are ISO-8601 strings and JSON is text on both engines,
 * so the same queries run on SQLite and PostgreSQL unchanged.
 */
export type Database = {
  stores: {
    id: string;
    code: string;
    name: string;
    currency: string;
    created_at: string;
  };
  hq_users: {
    id: string;
    email: string;
    name: string;
    role: 'admin' | 'analyst' | 'store_manager';
    password_hash: string;
    created_at: string;
    /** Set when an admin disabled the user; null: active. */
    disabled_at: Generated<string | null>;
    /** 1 while the password is a one-time password an admin handed out. */
    must_change_password: Generated<number>;
  };
  /** The stores a store manager sees and manages. */
  hq_user_stores: {
    user_id: string;
    store_id: string;
  };
  hq_sessions: {
    token_hash: string;
    user_id: string;
    expires_at: string;
    created_at: string;
    /** When the session was last used (idle timeout); null only for rows from before 0007. */
    last_seen_at: string | null;
  };
  enrolment_codes: {
    code_hash: string;
    store_id: string;
    expires_at: string;
    used_at: string | null;
    device_id: string | null;
    created_at: string;
  };
  devices: {
    id: string;
    store_id: string;
    name: string;
    token_hash: string;
    enrolled_at: string;
    last_seen_at: string | null;
    last_push_at: string | null;
    last_pull_at: string | null;
    /** The till's send time minus the server's receive time at its last push; null: unknown. */
    clock_skew_ms: number | null;
    /** The longest wait before arrival among the operations the last push recorded. */
    offline_delay_ms: number | null;
    revoked_at: string | null;
    /** The HQ user who revoked the till's token. */
    revoked_by: Generated<string | null>;
    /** Times this device hit one of its caps (quarantine full, install streams); migration 0008. */
    limit_refusals: Generated<number>;
    pending_ops: number | null;
    oldest_pending_at: string | null;
    local_rejected_ops: number | null;
    storage_persisted: number | null;
    status_reported_at: string | null;
    /** The till cannot send again what the server lost from this seq on; null: no such trouble. */
    cannot_resend_from_seq: number | null;
  };
  device_streams: {
    device_id: string;
    install_id: string;
    next_seq: number;
    created_at: string;
  };
  applied_ops: {
    op_id: string;
    device_id: string;
    install_id: string;
    seq: number;
    kind: string;
    schema_version: number;
    payload_hash: string;
    status: 'applied' | 'rejected';
    result: string;
    wall_time: string;
    received_at: string;
  };
  quarantined_ops: {
    id: string;
    op_id: string;
    device_id: string;
    install_id: string;
    seq: number;
    kind: string;
    payload: string;
    payload_hash: string;
    reason: string;
    detail: string | null;
    received_at: string;
    /** Pushes of this same operation (device, op id, hash) that ended here; one copy is kept. */
    times_seen: Generated<number>;
    /** Bytes of `payload` (rows older than migration 0008: its length in characters). */
    payload_bytes: number | null;
  };
  op_failures: {
    op_id: string;
    device_id: string;
    install_id: string;
    seq: number;
    attempts: number;
    last_error: string;
    first_failed_at: string;
    last_failed_at: string;
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
  };
  /** The customer profiles of the identity graph (migration 0018, server/identity/). */
  customers: {
    id: string;
    display_name: string;
    phone: string | null;
    email: string | null;
    created_at: string;
    /** The surviving profile this one was merged into, always the final one; null: it survives. */
    merged_into: Generated<string | null>;
    /** Set when the customer's personal values were erased. */
    erased_at: Generated<string | null>;
    /** `display_name` folded for the paged name search (shared/identity/nameKey.ts). */
    name_key: Generated<string>;
  };
  cards: {
    number: string;
    customer_id: string;
    status: 'active' | 'blocked';
    issued_at: string;
    /** The store and till that issued the card; null for cards loaded at HQ. */
    issued_store_id: Generated<string | null>;
    issued_device_id: Generated<string | null>;
  };
  /** Card issues refused with `card_taken`, kept with their payload (that customer's details). */
  card_issue_conflicts: {
    op_id: string;
    card_number: string;
    store_id: string;
    device_id: string;
    /** The refused `card.issue` payload as JSON. */
    payload: string;
    received_at: string;
  };
  /** Consents as customers gave or refused them, append-only: a change is a new row. */
  customer_consents: {
    id: string;
    customer_id: string;
    kind: 'personal_data' | 'marketing';
    granted: number;
    /** When the customer answered, by the clock of the device that asked. */
    given_at: string;
    received_at: string;
    /** Where it was asked: `till` for now; the web shop adds its own later. */
    source: string;
    store_id: string | null;
    device_id: string | null;
    op_id: string | null;
  };
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
  /** Failed sign-in and enrolment attempts per account or address (server/security/attemptLimiter.ts). */
  auth_attempts: {
    kind:
      | 'login_account'
      | 'login_address'
      | 'enrol_address'
      | 'webhook_signature'
      | 'link_visitor'
      | 'link_address';
    key: string;
    failures: number;
    total_failures: number;
    lockouts: number;
    locked_until: string | null;
    first_failed_at: string;
    last_failed_at: string;
  };
  /** Every version of the chain's loyalty rules (`shared/loyalty/config.ts`), as JSON. */
  loyalty_configs: {
    version: number;
    config: string;
    created_at: string;
  };
  /** Card schemes and scale-label rules by version (server/hq/scanConfig.ts). */
  scan_configs: {
    version: number;
    config: string;
    created_by: string | null;
    created_at: string;
  };
  /** Append-only points ledger (server/loyalty/ledger.ts). */
  loyalty_ledger: {
    id: string;
    /** null: the card was not known to the server when the entry was written. */
    customer_id: string | null;
    card_number: string | null;
    kind: LedgerKind;
    /** Signed: earn and positive adjustments add, burn and negative adjustments take away. */
    points: number;
    /** What caused the entry (a sale id, a return id, an HQ adjustment id); unique per kind. */
    source_id: string;
    sale_id: string | null;
    op_id: string | null;
    reverses_entry_id: string | null;
    /** 1: a burn the balance did not cover, accepted and listed for HQ. */
    overdraft: Generated<number>;
    /** The till's figures disagreed with the server's; what each said. */
    mismatch: string | null;
    note: string | null;
    created_by: string | null;
    created_at: string;
  };
  loyalty_accounts: {
    customer_id: string;
    /** Always the sum of the customer's ledger entries, written in the same transaction. */
    points_balance: number;
    lifetime_spend_minor: number;
    updated_at: string;
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
  /** What the shop's pages reported through /sdk.js (server/web/), append-only. */
  web_events: {
    id: string;
    connection_id: string;
    visitor_id: string;
    kind: WebEventKind;
    /** The customer the identity graph named on arrival; reads resolve through the graph again. */
    customer_id: string | null;
    /** JSON: what the event carried (page, cart, identifiers named, the receipt linked). */
    data: string;
    received_at: string;
  };
  /** Requests per bucket and one-minute window for the web endpoints' rate limits. */
  web_rate_windows: {
    bucket: string;
    window_start: string;
    count: number;
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
  };
  return_lines: {
    return_id: string;
    line_no: number;
    quantity_milli: number;
  };
  /** A connected web shop (server/webshop/connections.ts); secrets are kept as given (HMAC needs them). */
  webshop_connections: {
    id: string;
    platform: 'generic' | 'shopify' | 'woocommerce';
    name: string;
    secret: string;
    /** Still accepted after a rotation until the next one; null: none. */
    previous_secret: string | null;
    secret_rotated_at: string | null;
    /** JSON array of origins. */
    allowed_origins: string;
    outbound_url: string | null;
    outbound_secret: string;
    hold_days: number;
    /** JSON of `LocationMapping[]` (server/webshop/connections.ts). */
    locations: string;
    /** ISO 3166 alpha-2 country the shop's national phone numbers are read in. */
    phone_country: Generated<string>;
    created_at: string;
    updated_at: string;
    /** Webhooks are refused from then on; null: enabled. */
    disabled_at: string | null;
  };
  /** Deliveries as received, before they are understood (server/ingest/receive.ts). */
  ingest_inbox: {
    id: string;
    connection_id: string;
    platform: string;
    topic: string;
    dedupe_key: string;
    delivery_id: string | null;
    triggered_at: string | null;
    body: string;
    received_at: string;
    status: 'pending' | 'applied' | 'ignored' | 'failed';
    attempts: Generated<number>;
    order_id: string | null;
    /** Why it was ignored or failed. */
    error: string | null;
    processed_at: string | null;
  };
  web_orders: {
    id: string;
    connection_id: string;
    external_id: string;
    order_number: string | null;
    platform_status: string | null;
    cancelled: Generated<number>;
    /** The platform's own modification time (UTC ISO), the monotonic guard; null: only a stub. */
    source_updated_at: string | null;
    currency: string | null;
    total_minor: number | null;
    paid: Generated<number>;
    customer_email: string | null;
    /** E.164 when the shop's number parses (in the connection's phone country), else as sent. */
    customer_phone: string | null;
    customer_name: string | null;
    shop_customer_id: string | null;
    visitor_id: string | null;
    /** JSON: UTM tags, landing page, referrer. */
    attribution: string | null;
    /** JSON of the latest applied `WebOrderEvent`; null while only fulfilment orders arrived. */
    event: string | null;
    /** JSON map of Shopify fulfilment order id → `FulfillmentOrderInfo`. */
    fulfillment_orders: string;
    /** Why the order cannot be routed without a person; null: routed. */
    review_reason: string | null;
    /** A card scanned at the desk when the order was handed out, and its customer. */
    card_number: string | null;
    customer_id: string | null;
    placed_at: string;
    updated_at: string;
    /** JSON of `RoutingOverride` (server/webshop/routing.ts): HQ's decision for a flagged order. */
    routing_override: string | null;
  };
  /** A store's part of a web-shop order: the `pickup_order` row its desks pull. */
  pickup_parts: {
    order_id: string;
    store_id: string;
    status: PickupStatus;
    revision: number;
    /** JSON of `PickupLineRow[]`. */
    lines: string;
    total_minor: number;
    /** JSON of `PinHash`; the code itself is never stored. */
    pickup_code_hash: string | null;
    qr_token: string | null;
    ready_at: string | null;
    hold_until: string | null;
    /** When it left the open states (collected, refused, expired, cancelled). */
    settled_at: string | null;
    note: string | null;
    created_at: string;
    updated_at: string;
    /** An expired part's goods are back on the shelf: when, and the HQ user who said so. */
    shelved_at: string | null;
    shelved_by: string | null;
  };
  /** Each change of a part's state, append-only (server/pickup/parts.ts). */
  pickup_part_history: {
    id: string;
    order_id: string;
    store_id: string;
    revision: number;
    from_status: PickupStatus | null;
    to_status: PickupStatus;
    at: string;
  };
  /** Every `pickup.confirm` received, applied or refused. */
  pickup_handouts: {
    pickup_id: string;
    op_id: string;
    order_id: string;
    store_id: string;
    device_id: string;
    outcome: 'applied' | 'rejected';
    reason: string | null;
    /** JSON of the desk's verification. */
    verification: string;
    failed_attempts: number;
    /** JSON of the desk's hand-out lines. */
    lines: string;
    card_number: string | null;
    customer_id: string | null;
    cashier_id: string | null;
    seen_revision: number;
    wall_time: string;
    received_at: string;
  };
  /** Status webhooks to the shops, delivered at least once (server/webshop/outbound.ts). */
  outbound_events: {
    id: string;
    connection_id: string;
    order_id: string;
    type: string;
    payload: string;
    status: 'pending' | 'delivered';
    attempts: Generated<number>;
    next_attempt_at: string;
    last_error: string | null;
    created_at: string;
    delivered_at: string | null;
  };
  /** One normalized value per type, owned by the profile it first joined (its home). */
  identity_identifiers: {
    id: string;
    type: IdentifierTypeColumn;
    value: string;
    customer_id: string;
    verified: number;
    first_seen_at: string;
    last_seen_at: string;
  };
  /** Append-only: each identifier an observation carried, with its evidence and source. */
  identity_links: {
    id: string;
    identifier_id: string;
    evidence: string;
    source_ref: string;
    verified: number;
    created_at: string;
  };
  identity_merges: {
    id: string;
    survivor_id: string;
    merged_id: string;
    evidence: string;
    source_ref: string;
    /** The HQ user who merged by hand; null: an observation's evidence merged them. */
    decided_by: string | null;
    created_at: string;
    undone_at: string | null;
    undone_by: string | null;
  };
  /** Append-only log of links, creations, merges, refusals, splits and erasures. */
  identity_audit: {
    id: string;
    kind: 'created' | 'linked' | 'merged' | 'refused' | 'split' | 'erased' | 'kept_apart' | 'suppressed';
    customer_id: string | null;
    other_customer_id: string | null;
    identifier_id: string | null;
    evidence: string | null;
    source_ref: string | null;
    reason: string | null;
    actor: string | null;
    created_at: string;
  };
  identity_reviews: {
    id: string;
    reason: string;
    customer_id: string;
    other_customer_id: string;
    identifier_id: string | null;
    evidence: string;
    source_ref: string;
    status: 'open' | 'merged' | 'kept_apart';
    created_at: string;
    resolved_at: string | null;
    resolved_by: string | null;
  };
  /** Profile pairs HQ decided are different people; `customer_a` < `customer_b`. */
  identity_apart: {
    customer_a: string;
    customer_b: string;
    decided_by: string | null;
    created_at: string;
  };
  /** Keyed hashes (HMAC-SHA-256) of erased identifier values. */
  identity_suppressions: {
    key_hash: string;
    type: string;
    created_at: string;
  };
  change_log: {
    id: Generated<number>;
    /** PostgreSQL: the writing transaction's id (the pull watermark); SQLite: 0. */
    tx: Generated<number>;
    topic: string;
    entity_id: string;
    store_id: string | null;
    data: string | null;
    created_at: string;
  };
};

export type WebEventKind = 'identify' | 'page' | 'cart' | 'link';
export type IdentifierTypeColumn = 'card' | 'phone' | 'email' | 'shop_account' | 'visitor';
export type LedgerKind = 'earn' | 'burn' | 'reversal' | 'adjustment';
export type VatRateSource = 'till' | 'product' | 'default';
export type Dialect = 'sqlite' | 'postgres';
export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
