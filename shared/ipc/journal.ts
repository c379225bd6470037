import { z } from 'zod';
import { outboxOpSchema, storeRowSchema, MAX_PUSH_OPS } from '../sync/protocol';

/**
 * What the store app and the desktop app's journal exchange (docs/sync-protocol.md §16): every
 * operation the till commits, mirrored to a file outside IndexedDB, with what is needed to send it
 * again if the database is wiped: the install's stream, the enrolment it pushes as, and the
 * counters it had reached. Checked with zod on both sides of the IPC boundary and when read back
 * from disk.
 */

const id = z.string().min(1).max(64);

/** The enrolment the operations are pushed as (the till's `device` meta row). */
export const journalDeviceSchema = z.object({
  deviceId: id,
  name: z.string().max(200),
  token: z.string().min(1).max(512),
  serverUrl: z.string().min(1).max(2048),
  store: storeRowSchema,
  enrolledAt: z.string().max(64),
});
export type JournalDevice = z.infer<typeof journalDeviceSchema>;

/** The install the operations belong to, and how far its counters had gone. */
export const journalStreamSchema = z.object({
  installId: id,
  installCreatedAt: z.string().max(64),
  device: journalDeviceSchema,
  nextSeq: z.number().int().positive(),
  nextReceipt: z.number().int().positive(),
});
export type JournalStream = z.infer<typeof journalStreamSchema>;

/** Operations committed at the till, sent once their Dexie transaction has committed. */
export const journalAppendSchema = z.object({
  stream: journalStreamSchema,
  ops: z.array(outboxOpSchema).min(1).max(MAX_PUSH_OPS),
});
export type JournalAppend = z.infer<typeof journalAppendSchema>;

/** Every operation of the install up to `throughSeq` is recorded by the server. */
export const journalAckSchema = z.object({ installId: id, throughSeq: z.number().int().nonnegative() });
export type JournalAck = z.infer<typeof journalAckSchema>;

/** What the journal holds that the server has not acknowledged, per install. */
export const journalPendingSchema = z.object({
  streams: z.array(journalStreamSchema.extend({ ops: z.array(outboxOpSchema) })),
});
export type JournalPending = z.infer<typeof journalPendingSchema>;
