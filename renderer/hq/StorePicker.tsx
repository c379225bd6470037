import { useEffect, useState } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';

export type StoreItem = HqOutputs['stores']['stores'][number];

/**
 * The stores the signed-in user may see (a store manager: theirs), and the one picked. The pick
 * lives in the address (`?store=…`), so a link or a reload opens on the same store.
 */
export function useStorePick() {
  const [stores, setStores] = useState<StoreItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(() =>
    new URLSearchParams(location.search).get('store'),
  );
  useEffect(() => {
    hq.hq.stores.query().then(
      (overview) => setStores(overview.stores),
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  const store = stores?.find((s) => s.id === picked) ?? stores?.[0] ?? null;
  const pick = (id: string) => {
    setPicked(id);
    history.replaceState(null, '', `?store=${encodeURIComponent(id)}${location.hash}`);
  };
  return { stores, store, pick, error };
}

export function StorePicker({
  stores,
  store,
  pick,
}: {
  stores: StoreItem[];
  store: StoreItem;
  pick: (id: string) => void;
}) {
  const t = useHqT();
  return (
    <label className="store-select">
      {t('work.store')}{' '}
      <select value={store.id} onChange={(e) => pick(e.target.value)} data-testid="store-select">
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.code} — {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
