import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../renderer/app/i18n';
import { ZReport, type Shift } from '../../../renderer/hq/ZReport';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const at = '2026-03-01T09:00:00.000Z';
const shift = (differenceMinor: number): Shift => ({
  id: 'shift-1',
  deviceName: 'Till M1',
  cashierName: 'Olga Ivanova',
  currency: 'RUB',
  opened: { tillTime: at, receivedAt: at },
  openingCashMinor: 10_000,
  cashMoves: [],
  synced: {
    salesCount: 2,
    salesTotalMinor: 27_980,
    byMethod: { cash: 21_980, card: 6_000 },
    returnsCount: 0,
    returnsTotalMinor: 0,
  },
  closed: {
    tillTime: at,
    receivedAt: at,
    closedBy: 'Pavel Smirnov',
    countedCashMinor: 31_980 + differenceMinor,
    expectedCashMinor: 31_980,
    differenceMinor,
    figures: {
      salesCount: 2,
      salesTotalMinor: 27_980,
      byMethod: { card: 6_000, cash: 21_980 },
      returnsCount: 0,
      returnsTotalMinor: 0,
      cashInMinor: 0,
      cashOutMinor: 0,
      expectedCashMinor: 31_980,
    },
  },
});

describe("HQ's Z report", () => {
  let root: Root;
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
    setLang('en');
  });

  const show = (s: Shift) =>
    act(() => root.render(<ZReport shift={s} storeName="Moscow" onClose={() => undefined} />));
  const differenceRow = () => host.querySelector('tr.diff');

  it('marks cash missing as short, lists cash before card, and names who opened and closed', () => {
    setLang('en');
    show(shift(-150));
    expect(differenceRow()?.className).toBe('diff short');
    expect(differenceRow()?.textContent).toContain('Difference (short)');
    const text = host.textContent ?? '';
    expect(text.indexOf('cash')).toBeLessThan(text.indexOf('card'));
    expect(text).toContain('Olga Ivanova');
    expect(text).toContain('Pavel Smirnov');
  });

  it('says over and even in Russian too', () => {
    setLang('ru');
    show(shift(200));
    expect(differenceRow()?.className).toBe('diff over');
    expect(differenceRow()?.textContent).toContain('излишек');
    show(shift(0));
    expect(differenceRow()?.textContent).toContain('без расхождений');
  });
});
