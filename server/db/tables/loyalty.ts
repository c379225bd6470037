import type { Generated } from 'kysely';

export type LedgerKind = 'earn' | 'burn' | 'reversal' | 'adjustment';

/** Customers, their cards and consents, and the points ledger (docs/sync-protocol.md §7.4). */
export type LoyaltyTables = {
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
  /** Every status HQ gave a card (migration 0024), append-only: the card row holds the latest. */
  card_status_changes: {
    id: string;
    card_number: string;
    status: 'active' | 'blocked';
    reason: string;
    /** The card issued in its place, when HQ replaced a lost one. */
    replaced_by: string | null;
    /** The HQ user. */
    changed_by: string;
    changed_at: string;
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
  /** Every version of the chain's loyalty rules (`shared/loyalty/config.ts`), as JSON. */
  loyalty_configs: {
    version: number;
    config: string;
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
    /** The web-shop order an entry was written for (migration 0023); null for everything else. */
    order_id: Generated<string | null>;
    /** What the entry added to the lifetime spend, kept so a reversal takes back exactly that. */
    spend_minor: Generated<number | null>;
  };
  loyalty_accounts: {
    customer_id: string;
    /** Always the sum of the customer's ledger entries, written in the same transaction. */
    points_balance: number;
    lifetime_spend_minor: number;
    updated_at: string;
  };
};
