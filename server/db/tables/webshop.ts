import type { Generated } from 'kysely';
import type { PickupStatus } from '../../../shared/domain/pickup';

export type WebEventKind = 'identify' | 'page' | 'cart' | 'link';

/**
 * Web-shop connections, their webhook inbox and orders, click-and-collect pickups, status webhooks
 * out, and the web script's events.
 */
export type WebshopTables = {
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
};
