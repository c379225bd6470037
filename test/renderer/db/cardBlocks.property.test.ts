import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPullPage, findCard } from '../../../renderer/db/catalog';
import { cardsOfCustomer } from '../../../renderer/db/cards';
import { finishSnapshot } from '../../../renderer/db/snapshotStore';
import { findLine, linesWithKey } from '../../../shared/sync/snapshot';
import type { CardRow } from '../../../shared/sync/protocol';
import { enrolledTillDb, storeSnapshotParts } from './support';

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const cardsArb = (max: number) =>
  fc.uniqueArray(
    fc.record({
      // Any text: the order is plain code-unit order, whatever the characters.
      number: fc.oneof(fc.stringMatching(/^[0-9]{8,13}$/), fc.string({ minLength: 1, maxLength: 6 })),
      // Most cards belong to one customer, so one customer's lines run over several blocks (a
      // company's cards), as well as customers with a few.
      customerId: fc.oneof(
        { arbitrary: fc.constant('c-1'), weight: 3 },
        { arbitrary: fc.constantFrom('c-2', 'c-3', 'c-10', 'c-ü'), weight: 1 },
      ),
      maskedName: fc.string({ maxLength: 12 }),
      status: fc.constantFrom('active' as const, 'blocked' as const),
    }),
    { selector: (c) => c.number, minLength: 1, maxLength: max, size: 'max' },
  );

/**
 * Stores cards as a snapshot does: sorted card lines and the by-customer index, each in parts of
 * `partRows` lines, so a part may end inside one customer's lines.
 */
async function storeAsSnapshot(cards: CardRow[], partRows = 50_000) {
  const db = await enrolledTillDb();
  const cardLines = [...cards]
    .sort((a, b) => byKey(a.number, b.number))
    .map((c) => JSON.stringify([c.number, c.customerId, c.maskedName, c.status]));
  const indexLines = [...cards]
    .sort((a, b) => byKey(a.customerId, b.customerId) || byKey(a.number, b.number))
    .map((c) => JSON.stringify([c.customerId, c.number]));
  const parts: { kind: 'card' | 'cardByCustomer'; lines: string[] }[] = [];
  for (const [kind, lines] of [
    ['card', cardLines],
    ['cardByCustomer', indexLines],
  ] as const)
    for (let i = 0; i < lines.length; i += partRows)
      parts.push({ kind, lines: lines.slice(i, i + partRows) });
  const manifest = await storeSnapshotParts(db, parts);
  await finishSnapshot(db, manifest);
  return db;
}

describe('cards in sorted blocks', () => {
  it('binary search finds exactly the keys in the lines', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string()), fc.array(fc.string()), (keys, probes) => {
        const lines = [...keys].sort(byKey).map((k) => JSON.stringify([k]));
        for (const k of [...keys, ...probes]) {
          const at = findLine(lines, k);
          if (keys.includes(k)) expect(JSON.parse(lines[at]!)).toEqual([k]);
          else expect(at).toBe(-1);
          const [from, to] = linesWithKey(lines, k);
          expect(to - from).toBe(keys.includes(k) ? 1 : 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a lookup finds exactly the cards stored, and a customer exactly their cards', async () => {
    await fc.assert(
      fc.asyncProperty(
        cardsArb(1100),
        fc.array(fc.string({ maxLength: 13 }), { maxLength: 30 }),
        fc.integer({ min: 100, max: 1200 }),
        async (cards, probes, partRows) => {
          const db = await storeAsSnapshot(cards, partRows);
          try {
            for (const c of cards) expect(await findCard(db, c.number)).toEqual(c);
            for (const p of probes) expect(await findCard(db, p)).toEqual(cards.find((c) => c.number === p));
            for (const customerId of ['c-1', 'c-2', 'c-3', 'c-10', 'c-ü', 'c-4']) {
              const expected = cards
                .filter((c) => c.customerId === customerId)
                .sort((a, b) => byKey(a.number, b.number));
              expect(await cardsOfCustomer(db, customerId)).toEqual(expected);
            }
          } finally {
            await db.delete();
          }
        },
      ),
      { numRuns: 4 },
    );
  }, 90_000);

  it('a card changed or erased later is found as changed, or not at all, and leaves no line behind', async () => {
    await fc.assert(
      fc.asyncProperty(
        cardsArb(1100).chain((cards) => fc.tuple(fc.constant(cards), fc.subarray(cards), fc.subarray(cards))),
        async ([cards, erased, blocked]) => {
          const db = await storeAsSnapshot(cards);
          try {
            const gone = new Set(erased.map((c) => c.number));
            const changed = blocked.filter((c) => !gone.has(c.number));
            await applyPullPage(db, {
              cursor: '0.2',
              hasMore: false,
              changes: [
                ...changed.map((c) => ({ topic: 'card', id: c.number, data: { ...c, status: 'blocked' } })),
                ...erased.map((c) => ({ topic: 'card', id: c.number, data: null })),
              ],
            });
            for (const c of cards) {
              const expected = gone.has(c.number)
                ? undefined
                : changed.some((b) => b.number === c.number)
                  ? { ...c, status: 'blocked' }
                  : c;
              expect(await findCard(db, c.number)).toEqual(expected);
            }
            // No line of an erased card is left, in the cards or in the by-customer index.
            const numbersLeft = (await db.refBlocks.toArray()).flatMap((b) =>
              b.text.split('\n').map((line) => (JSON.parse(line) as string[])[b.kind === 'card' ? 0 : 1]),
            );
            expect(numbersLeft.filter((n) => gone.has(n!))).toEqual([]);
            for (const customerId of ['c-1', 'c-2']) {
              const mine = await cardsOfCustomer(db, customerId);
              expect(mine.map((c) => c.number)).toEqual(
                cards
                  .filter((c) => c.customerId === customerId && !gone.has(c.number))
                  .map((c) => c.number)
                  .sort(byKey),
              );
            }
          } finally {
            await db.delete();
          }
        },
      ),
      { numRuns: 4 },
    );
  }, 90_000);
  it('a customer whose cards fill more than a block keeps them all when the card before them goes', async () => {
    // The index block that starts with c-1's one card holds the first 511 of c-2's 600 cards and
    // the next block starts at c-2: erasing c-1's card makes both blocks start at c-2.
    const cards: CardRow[] = [
      { number: '1000', customerId: 'c-1', maskedName: 'Anna P.', status: 'active' },
      ...Array.from({ length: 600 }, (_, i) => ({
        number: String(2000 + i),
        customerId: 'c-2',
        maskedName: 'Boris K.',
        status: 'active' as const,
      })),
    ];
    const db = await storeAsSnapshot(cards);
    try {
      expect(await cardsOfCustomer(db, 'c-2')).toHaveLength(600);
      await applyPullPage(db, {
        cursor: '0.2',
        hasMore: false,
        changes: [{ topic: 'card', id: '1000', data: null }],
      });
      expect(await cardsOfCustomer(db, 'c-1')).toEqual([]);
      expect((await cardsOfCustomer(db, 'c-2')).map((c) => c.number)).toEqual(
        cards.slice(1).map((c) => c.number),
      );
    } finally {
      await db.delete();
    }
  });

  it('a card changed in one page and erased in a later one is counted once and leaves no line behind', async () => {
    const cards: CardRow[] = Array.from({ length: 1200 }, (_, i) => ({
      number: String(100000 + i),
      customerId: `c-${i % 7}`,
      maskedName: `Name ${i}`,
      status: 'active' as const,
    }));
    const db = await storeAsSnapshot(cards);
    const page = (changes: { topic: string; id: string; data: CardRow | null }[]) =>
      applyPullPage(db, { cursor: '0.2', hasMore: false, changes });
    try {
      const moved = { ...cards[600]!, customerId: 'c-9', status: 'blocked' as const };
      await page([{ topic: 'card', id: moved.number, data: moved }]);
      expect(await findCard(db, moved.number)).toEqual(moved);
      expect((await cardsOfCustomer(db, 'c-9')).map((c) => c.number)).toEqual([moved.number]);
      expect((await cardsOfCustomer(db, 'c-5')).map((c) => c.number)).not.toContain(moved.number);
      expect(await db.meta.get('snapshotCards')).toMatchObject({ value: 1199 });
      await page([{ topic: 'card', id: moved.number, data: moved }]);
      expect(await db.meta.get('snapshotCards')).toMatchObject({ value: 1199 });

      await page([{ topic: 'card', id: moved.number, data: null }]);
      expect(await findCard(db, moved.number)).toBeUndefined();
      expect(await cardsOfCustomer(db, 'c-9')).toEqual([]);
      const texts = (await db.refBlocks.toArray()).map((b) => b.text).join('\n');
      expect(texts).not.toContain(moved.number);
      expect(texts).not.toContain(moved.maskedName);
      expect(await db.meta.get('snapshotCards')).toMatchObject({ value: 1199 });
    } finally {
      await db.delete();
    }
  });

  it('a page of many changes to the same blocks, a card changed more than once, ends as the changes in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        cardsArb(1600).chain((cards) =>
          fc.tuple(
            fc.constant(cards),
            // Runs of neighbouring cards, so most changes land in blocks other changes touch too;
            // the same card may come several times, last change wins.
            fc.array(
              fc.record({
                at: fc.nat({ max: cards.length - 1 }),
                run: fc.integer({ min: 1, max: 300 }),
                customerId: fc.constantFrom('c-1', 'c-2', 'c-9', null),
              }),
              { minLength: 1, maxLength: 8 },
            ),
            fc.integer({ min: 100, max: 1700 }),
          ),
        ),
        async ([cards, runs, partRows]) => {
          const db = await storeAsSnapshot(cards, partRows);
          try {
            const sorted = [...cards].sort((a, b) => byKey(a.number, b.number));
            const expected = new Map(cards.map((c) => [c.number, c as CardRow | undefined]));
            const changes = runs.flatMap(({ at, run, customerId }) =>
              sorted.slice(at, at + run).map((c) => {
                const data = customerId === null ? null : { ...c, customerId, status: 'blocked' as const };
                expected.set(c.number, data ?? undefined);
                return { topic: 'card', id: c.number, data };
              }),
            );
            await applyPullPage(db, { cursor: '0.2', hasMore: false, changes });
            for (const c of cards) expect(await findCard(db, c.number)).toEqual(expected.get(c.number));
            for (const customerId of ['c-1', 'c-2', 'c-3', 'c-9', 'c-ü']) {
              const mine = await cardsOfCustomer(db, customerId);
              expect(mine.map((c) => c.number)).toEqual(
                [...expected.values()]
                  .filter((c) => c?.customerId === customerId)
                  .map((c) => c!.number)
                  .sort(byKey),
              );
            }
            // Blocks stay as a lookup needs them: each keyed by its first line, lines sorted
            // across blocks, and the count on the status bar is the cards still in them.
            for (const kind of ['card', 'cardByCustomer'] as const) {
              const blocks = await db.refBlocks
                .where('[kind+first]')
                .between([kind, ''], [kind, '\uffff'])
                .toArray();
              const lines = blocks.flatMap((b) => {
                expect((JSON.parse(b.text.split('\n')[0]!) as string[])[0]).toBe(b.first);
                return b.text.split('\n');
              });
              const keys = lines.map((l) => JSON.parse(l) as string[]);
              expect(keys).toEqual([...keys].sort((a, b) => byKey(a[0]!, b[0]!) || byKey(a[1]!, b[1]!)));
            }
            const untouched = cards.filter((c) => !changes.some((ch) => ch.id === c.number)).length;
            expect(await db.meta.get('snapshotCards')).toMatchObject({ value: untouched });
          } finally {
            await db.delete();
          }
        },
      ),
      { numRuns: 4 },
    );
  }, 90_000);
});
