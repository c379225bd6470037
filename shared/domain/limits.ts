/**
 * Every bound on what a client may send, named once. The server enforces them at its boundary
 * (server/http.ts, server/sync/push.ts, server/sync/pull.ts); docs/operations.md §11 lists them
 * with their values for whoever runs a server. They sit beside the versioned payload schemas
 * rather than inside them: a synced schema only ever grows (docs/sync-protocol.md §2.3), while
 * these may be tuned per release without turning an old till's queued operation into a new shape.
 */

/** Bytes of one HTTP request body. Checked against Content-Length first, then counted as read. */
export const MAX_REQUEST_BODY_BYTES = 32 * 1024 * 1024;

/** Procedures in one batched tRPC request. Our own clients never batch; this bounds others. */
export const MAX_BATCH_CALLS = 10;

/** `sync.push` calls in one request, so a batch cannot multiply the operations of one push. */
export const MAX_PUSH_CALLS_PER_REQUEST = 1;

/**
 * Bytes of one operation's payload as canonical JSON (what its hash covers). The largest sale
 * schema v1 accepts (500 lines, every text at its longest in 4-byte characters, every marking code
 * all GS separators) is about 1.3 MB, so no valid sale is refused.
 */
export const MAX_OP_PAYLOAD_BYTES = 2 * 1024 * 1024;

/** Nesting of arrays and objects in one payload. A sale is 4 deep; 32 leaves room to grow. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Distinct quarantined operations kept per device (a repeat of one is counted, not copied). */
export const MAX_QUARANTINED_OPS_PER_DEVICE = 1000;

/** Bytes of quarantined payloads kept per device. Above it a refused operation is not kept. */
export const MAX_QUARANTINED_BYTES_PER_DEVICE = 32 * 1024 * 1024;

/**
 * Install streams per device: a till starts a new one each time its local database is created
 * afresh (a reinstall, a wiped profile), a handful in its life.
 */
export const MAX_INSTALL_STREAMS_PER_DEVICE = 50;

/** Each number of a pull cursor: within a PostgreSQL bigint and exact as a JS number. */
export const MAX_CURSOR_PART = Number.MAX_SAFE_INTEGER;

/**
 * Bytes of one web-shop webhook body (`/ingest/*`). A large Shopify order with hundreds of lines
 * is a few hundred KB; anything bigger is refused with `413` before it is read to the end.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * How old a signed generic webhook may be (its `X-OmniTill-Timestamp`), either way: a captured
 * request cannot be replayed later than this, and a sender's clock may be this far off.
 */
export const WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Bytes of one request from a shop's page to the web endpoints (/web/v1/…): a few fields. */
export const MAX_WEB_BODY_BYTES = 16 * 1024;

/** Page and cart events in one `/web/v1/…/events` request; the script sends them as they happen. */
export const MAX_WEB_EVENTS_PER_REQUEST = 20;

/** Web requests one visitor id may make per minute, any endpoint (docs/web-sdk.md §4). */
export const MAX_WEB_REQUESTS_PER_VISITOR_MINUTE = 60;

/** Web requests one address (an IPv6 /64) may make per minute: many visitors behind one NAT. */
export const MAX_WEB_REQUESTS_PER_ADDRESS_MINUTE = 600;
