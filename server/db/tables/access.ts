import type { Generated } from 'kysely';

/** Stores, HQ users and their sessions, enrolled devices and the guessing counters. */
export type AccessTables = {
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
};
