import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProductRow } from '../../../shared/sync/protocol';
import { searchProducts } from '../../../renderer/db/catalog';
import type { TillDb } from '../../../renderer/db/database';
import { ScanBox } from '../../../renderer/till/ScanBox';
import { enrolledTillDb } from '../db/support';
import { byTestId, render, settle, typeInto, waitFor, type Rendered } from '../support/render';

/** A search whose answer for one query waits until the test lets it go, as on a busy till. */
function searchWithSlowQuery(db: TillDb, slowText: string) {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let slowAnswer: Promise<ProductRow[]> | undefined;
  const search = (text: string): Promise<ProductRow[]> => {
    if (text !== slowText) return searchProducts(db, text);
    slowAnswer = gate.then(() => searchProducts(db, text));
    return slowAnswer;
  };
  return {
    search,
    /** Lets the slow answer arrive and waits until it has. */
    finish: () =>
      settle(async () => {
        release();
        await slowAnswer;
      }),
  };
}

describe('product search in the scan box', () => {
  let db: TillDb;
  let view: Rendered | undefined;
  const codes: string[] = [];

  beforeEach(async () => {
    db = await enrolledTillDb();
    await db.products.add({ id: 'p3', gtin: '4600000000015', name: 'Mint tea', priceMinor: 12990 });
    codes.length = 0;
  });
  afterEach(async () => {
    await view?.unmount();
    db.close();
  });

  const suggestions = () =>
    [...(view?.container.querySelectorAll('.suggestions li') ?? [])].map((li) => li.textContent);

  async function mount(search: (text: string) => Promise<ProductRow[]>) {
    view = await render(
      <ScanBox
        onCode={(code) => codes.push(code)}
        onProduct={() => undefined}
        search={search}
        message={null}
      />,
    );
    return byTestId<HTMLInputElement>(view.container, 'scan-input');
  }

  it('shows the newest query’s answer even when an older query answers after it', async () => {
    const slow = searchWithSlowQuery(db, 'Mi');
    const input = await mount(slow.search);
    await typeInto(input, 'Mi');
    await typeInto(input, 'Mil');
    await waitFor(() => expect(suggestions()).toEqual(['Milk 1 l 4601234567893']));

    await slow.finish();
    expect(suggestions()).toEqual(['Milk 1 l 4601234567893']);
  });

  it('brings no list back after the text was submitted while an answer was on its way', async () => {
    const slow = searchWithSlowQuery(db, 'Mi');
    const input = await mount(slow.search);
    await typeInto(input, 'Mi');
    await settle(() => input.form?.requestSubmit());
    expect(codes).toEqual(['Mi']);
    expect(input.value).toBe('');

    await slow.finish();
    expect(suggestions()).toEqual([]);
  });
});
