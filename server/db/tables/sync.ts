import type { Generated } from 'kysely';

/** What the push records of each operation (docs/sync-protocol.md §4) and the change log pulls read (§7). */
export type SyncTables = {
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
