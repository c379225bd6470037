export type IdentifierTypeColumn = 'card' | 'phone' | 'email' | 'shop_account' | 'visitor';

/**
 * The identifier graph: identifiers, links with evidence, merges, the audit log, reviews and
 * suppressions (docs/identity.md).
 */
export type IdentityTables = {
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
};
