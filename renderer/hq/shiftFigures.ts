/** A drawer's count against what it should hold: short is money missing, over is money extra. */
export type CashVerdict = 'short' | 'over' | 'even';

export function cashVerdict(differenceMinor: number): CashVerdict {
  if (differenceMinor < 0) return 'short';
  return differenceMinor > 0 ? 'over' : 'even';
}

export type TenderRow = {
  method: string;
  /** The till's Z report; null while the shift is open or when the Z could not be read. */
  tillMinor: number | null;
  /** What the sales synced so far took with this method. */
  serverMinor: number;
  /** The two disagree: the till has not sent everything yet, or the server refused a sale. */
  differs: boolean;
};

/**
 * One row per payment method either side knows, cash first and then by name, so HQ reads the
 * till's Z report and the server's synced sales side by side.
 *
 * @example tenderRows({ cash: 500 }, { cash: 500, card: 200 })
 * // [{ method: 'cash', tillMinor: 500, serverMinor: 500, differs: false },
 * //  { method: 'card', tillMinor: 0, serverMinor: 200, differs: true }]
 */
export function tenderRows(
  till: Readonly<Record<string, number>> | null,
  server: Readonly<Record<string, number>>,
): TenderRow[] {
  const methods = [...new Set([...Object.keys(till ?? {}), ...Object.keys(server)])].sort((a, b) =>
    a === 'cash' ? -1 : b === 'cash' ? 1 : a.localeCompare(b),
  );
  return methods.map((method) => {
    const tillMinor = till === null ? null : (till[method] ?? 0);
    const serverMinor = server[method] ?? 0;
    return { method, tillMinor, serverMinor, differs: tillMinor !== null && tillMinor !== serverMinor };
  });
}
