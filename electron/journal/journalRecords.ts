import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { journalStreamSchema } from '../../shared/ipc/journal';
import { outboxOpSchema } from '../../shared/sync/protocol';
import { parseJsonText } from '../../shared/validation';

/**
 * The journal file's records, one per line: the CRC-32 of the JSON in eight hex digits, a space,
 * the JSON, a newline. A line is whole only with its newline and a matching checksum, so a write
 * cut short by a crash (a torn tail) or a damaged sector is recognised and never read as data.
 */
export const journalRecordSchema = z.discriminatedUnion('t', [
  /** Operations of one install, with the install's enrolment and counters when they were written. */
  z.object({ t: z.literal('ops'), stream: journalStreamSchema, ops: z.array(outboxOpSchema) }),
  /** The server has recorded every operation of the install up to `throughSeq`. */
  z.object({
    t: z.literal('ack'),
    installId: z.string().min(1).max(64),
    throughSeq: z.number().int().nonnegative(),
  }),
]);
export type JournalRecord = z.infer<typeof journalRecordSchema>;

const checksum = (json: string) => crc32(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0');

export function encodeRecord(record: JournalRecord): Buffer {
  const json = JSON.stringify(record);
  return Buffer.from(`${checksum(json)} ${json}\n`, 'utf8');
}

export type DecodedFile = {
  records: JournalRecord[];
  /** Bytes up to the end of the last whole line: where the next record is appended. */
  goodBytes: number;
  /** Bytes after the last newline: a record whose write was cut short. */
  tornBytes: number;
  /** Whole lines whose checksum or shape is wrong; skipped. */
  damaged: number;
};

/** Reads a journal file's content; never throws on what the disk holds. */
export function decodeFile(content: Buffer): DecodedFile {
  const records: JournalRecord[] = [];
  let damaged = 0;
  let start = 0;
  for (;;) {
    const end = content.indexOf(0x0a, start);
    if (end === -1) break;
    const line = content.subarray(start, end).toString('utf8');
    start = end + 1;
    const space = line.indexOf(' ');
    const json = line.slice(space + 1);
    if (space !== 8 || line.slice(0, 8) !== checksum(json)) {
      damaged++;
      continue;
    }
    const parsed = parseJsonText(journalRecordSchema, json);
    if (parsed.ok) records.push(parsed.value);
    else damaged++;
  }
  return { records, goodBytes: start, tornBytes: content.length - start, damaged };
}
