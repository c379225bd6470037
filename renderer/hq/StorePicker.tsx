import { useEffect, useState, type ReactNode } from 'react';
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

/**
 * A page about one store at a time: the picker above, the store's own part below (keyed by the
 * store, so switching stores starts it afresh), and what to say when there is nothing to pick.
 */
export function StorePage({ children }: { children: (store: StoreItem) => ReactNode }) {
  const t = useHqT();
  const { stores, store, pick, error } = useStorePick();
  if (error)
    return (
      <main className="page">
        <p className="alert">{error}</p>
      </main>
    );
  if (!stores) return null;
  if (!store)
    return (
      <main className="page">
        <p>{t('work.noStores')}</p>
      </main>
    );
  return (
    <main className="page">
      <StorePicker stores={stores} store={store} pick={pick} />
      {children(store)}
    </main>
  );
}
