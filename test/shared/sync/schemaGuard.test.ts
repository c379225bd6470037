import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { saleLineSchema, saleSchema } from '../../../shared/domain/sale';
import { breakingChanges } from './schemaGuard';
import { checkSnapshot, jsonSchemaOf, readSnapshot } from './schemaSnapshotFiles';

const SNAPSHOTS = fileURLToPath(new URL('./schemaSnapshots/', import.meta.url));

// A released shape, and copies of it changed the ways a careless edit would change it.
const released = z.object({
  receiptNo: z.string().min(1).max(40),
  cardNumber: z.string().min(4).max(40).nullable(),
  channel: z.enum(['till', 'web']),
  lines: z.array(saleLineSchema).min(1),
  payments: z.array(
    z.discriminatedUnion('method', [
      z.object({ method: z.literal('cash'), amountMinor: z.number().int() }),
      z.object({ method: z.literal('card'), amountMinor: z.number().int(), rrn: z.string() }),
    ]),
  ),
});
const linesOf = (line: z.ZodType) => released.extend({ lines: z.array(line).min(1) });
const changes = (after: z.ZodType) => breakingChanges(jsonSchemaOf(released), jsonSchemaOf(after));

describe('the additive-only guard', () => {
  it('lets the same shape and a new optional field through', () => {
    expect(changes(released)).toEqual([]);
    expect(changes(released.extend({ note: z.string().optional() }))).toEqual([]);
    expect(changes(linesOf(saleLineSchema.extend({ discountMinor: z.number().int().optional() })))).toEqual(
      [],
    );
  });

  it('lets a shape accept more: looser bounds, a new enum member, a new union variant', () => {
    expect(changes(released.extend({ receiptNo: z.string().min(1).max(64) }))).toEqual([]);
    expect(changes(released.extend({ channel: z.enum(['till', 'web', 'kiosk']) }))).toEqual([]);
    const payments = z.array(
      z.discriminatedUnion('method', [
        z.object({ method: z.literal('cash'), amountMinor: z.number().int() }),
        z.object({ method: z.literal('card'), amountMinor: z.number().int(), rrn: z.string() }),
        z.object({ method: z.literal('sbp'), amountMinor: z.number().int() }),
      ]),
    );
    expect(changes(released.extend({ payments }))).toEqual([]);
  });

  it('fails when a field is removed, also deep inside an array', () => {
    expect(changes(released.omit({ cardNumber: true }))).toEqual(['cardNumber: field removed']);
    expect(changes(linesOf(saleLineSchema.omit({ markingCode: true })))).toEqual([
      'lines[].markingCode: field removed',
    ]);
  });

  it('fails when a field is renamed', () => {
    const renamed = released.omit({ receiptNo: true }).extend({ receiptNumber: z.string().min(1).max(40) });
    expect(changes(renamed)).toEqual(['receiptNo: field removed', 'receiptNumber: new field is required']);
  });

  it('fails when a field is retyped', () => {
    expect(changes(linesOf(saleLineSchema.extend({ quantityMilli: z.string() })))).toEqual([
      'lines[].quantityMilli: type changed from integer to string',
    ]);
    expect(changes(released.extend({ cardNumber: z.string().min(4).max(40) }))).toEqual([
      'cardNumber: variant 2 ({"type":"null"}) is no longer accepted',
    ]);
  });

  it('fails when a field is made required, or a required one optional', () => {
    // The pattern goes too: dropping a constraint lets more through, so only `required` counts.
    expect(changes(linesOf(saleLineSchema.extend({ markingCode: z.string().min(1).max(300) })))).toEqual([
      'lines[].markingCode: made required',
    ]);
    expect(changes(released.extend({ receiptNo: z.string().min(1).max(40).optional() }))).toEqual([
      'receiptNo: made optional',
    ]);
  });

  it('fails when a shape accepts less: a tighter bound, a lost enum member or union variant', () => {
    expect(changes(released.extend({ receiptNo: z.string().min(1).max(20) }))).toEqual([
      'receiptNo: maxLength tightened from 40 to 20',
    ]);
    expect(changes(released.extend({ channel: z.enum(['till']) }))).toEqual([
      'channel: no longer accepts "web"',
    ]);
    const cashOnly = z.array(
      z.discriminatedUnion('method', [
        z.object({ method: z.literal('cash'), amountMinor: z.number().int() }),
      ]),
    );
    expect(changes(released.extend({ payments: cashOnly }))[0]).toMatch(
      /^payments\[\]: variant 2 \(.*"card".*\) is no longer accepted$/,
    );
  });

  it('says which field a union variant lost', () => {
    const cardWithoutRrn = z.array(
      z.discriminatedUnion('method', [
        z.object({ method: z.literal('cash'), amountMinor: z.number().int() }),
        z.object({ method: z.literal('card'), amountMinor: z.number().int() }),
      ]),
    );
    expect(changes(released.extend({ payments: cardWithoutRrn }))).toEqual([
      expect.stringMatching(/^payments\[\]: variant 2 \(.*"card".*\) is no longer accepted$/),
      'payments[].rrn: field removed',
    ]);
  });

  it('catches a narrowed copy of sale.record v1 against its checked-in snapshot', () => {
    const snapshot = readSnapshot(SNAPSHOTS, 'sale.record.v1');
    expect(snapshot).toBeDefined();
    // The same fields without the arithmetic refinements, which JSON Schema cannot express anyway.
    const copy = z.object(saleSchema.shape);
    expect(breakingChanges(snapshot!, jsonSchemaOf(copy))).toEqual([]);
    expect(breakingChanges(snapshot!, jsonSchemaOf(copy.omit({ cardNumber: true })))).toEqual([
      'cardNumber: field removed',
    ]);
    expect(breakingChanges(snapshot!, jsonSchemaOf(copy.extend({ totalMinor: z.string() })))).toEqual([
      'totalMinor: type changed from integer to string',
    ]);
  });
});

describe('snapshot files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'omnitill-schema-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = () => readFileSync(join(dir, 'thing.v1.json'), 'utf8');

  it('records a new shape only when asked to', async () => {
    expect(await checkSnapshot(dir, 'thing.v1', jsonSchemaOf(released), false)).toEqual({
      status: 'missing',
    });
    expect(await checkSnapshot(dir, 'thing.v1', jsonSchemaOf(released), true)).toEqual({
      status: 'recorded',
    });
    expect(await checkSnapshot(dir, 'thing.v1', jsonSchemaOf(released), false)).toEqual({
      status: 'unchanged',
    });
  });

  it('records growth only in an update run, and never a breaking change', async () => {
    await checkSnapshot(dir, 'thing.v1', jsonSchemaOf(released), true);
    const recorded = file();

    const grown = jsonSchemaOf(released.extend({ note: z.string().optional() }));
    expect(await checkSnapshot(dir, 'thing.v1', grown, false)).toEqual({ status: 'grew' });
    expect(file()).toBe(recorded);

    const narrowed = jsonSchemaOf(released.omit({ channel: true }));
    expect(await checkSnapshot(dir, 'thing.v1', narrowed, true)).toEqual({
      status: 'breaking',
      changes: ['channel: field removed'],
    });
    expect(file()).toBe(recorded);

    expect(await checkSnapshot(dir, 'thing.v1', grown, true)).toEqual({ status: 'recorded' });
    expect(JSON.parse(file())).toEqual(grown);
  });
});
