import { describe, expect, it } from 'vitest';
import type { PickupLineRow } from '../../../shared/domain/pickup';
import { earnBasis, type OrderForPoints, type PartForPoints } from '../../../server/loyalty/orderBasis';

const paid: OrderForPoints = { paid: true, cancelled: false, platformStatus: 'paid', totalMinor: 30_000 };
const line = (
  lineId: string,
  quantity: number,
  totalMinor: number,
  collectedQuantity = 0,
): PickupLineRow => ({
  lineId,
  name: `Line ${lineId}`,
  quantity,
  collectedQuantity,
  unitPriceMinor: Math.round(totalMinor / quantity),
  totalMinor,
});
const part = (status: PartForPoints['status'], lines: PickupLineRow[]): PartForPoints => ({ status, lines });

describe('the money an online order earns points on', () => {
  it('is the whole total of a paid delivery order', () => {
    expect(earnBasis(paid, [])).toBe(30_000);
  });

  it('is nothing while unpaid, once cancelled or fully refunded', () => {
    expect(earnBasis({ ...paid, paid: false }, [])).toBe(0);
    expect(earnBasis({ ...paid, cancelled: true }, [])).toBe(0);
    expect(earnBasis({ ...paid, platformStatus: ' Refunded ' }, [])).toBe(0);
    expect(earnBasis({ ...paid, platformStatus: 'partially_refunded' }, [])).toBe(30_000);
  });

  it('leaves out store pickup lines until a desk hands them out', () => {
    // 300.00: 100.00 delivered, 200.00 waiting at a store.
    const waiting = [part('ready', [line('1', 2, 20_000)])];
    expect(earnBasis(paid, waiting)).toBe(10_000);
    expect(earnBasis(paid, [part('collected', [line('1', 2, 20_000, 2)])])).toBe(30_000);
    // One of two handed out, one refused.
    expect(earnBasis(paid, [part('partly_collected', [line('1', 2, 20_000, 1)])])).toBe(20_000);
    expect(earnBasis(paid, [part('refused', [line('1', 2, 20_000)])])).toBe(10_000);
    expect(earnBasis(paid, [part('expired', [line('1', 2, 20_000)])])).toBe(10_000);
  });

  it('rounds a part-handed line down, and counts a moved part through its replacement', () => {
    // Three for 100.00 (a multi-buy price): one handed out is 33.33.
    const order = { ...paid, totalMinor: 10_000 };
    expect(earnBasis(order, [part('partly_collected', [line('1', 3, 10_000, 1)])])).toBe(3_333);
    const moved = [part('cancelled', [line('1', 3, 10_000)]), part('collected', [line('1', 3, 10_000, 3)])];
    expect(earnBasis(order, moved)).toBe(10_000);
  });

  it('is never below zero when the shop lowered its total under the pickup lines', () => {
    expect(earnBasis({ ...paid, totalMinor: 5_000 }, [part('ready', [line('1', 1, 20_000)])])).toBe(0);
  });
});
