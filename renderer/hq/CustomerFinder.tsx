import { useEffect, useState } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT, type HqMessageKey } from './hqI18n';

type Hit = HqOutputs['identity']['search']['customers'][number];

const PAGE = 50;

/**
 * The people a query finds through the identity graph: by any identifier (card, phone, email,
 * visitor id, shop account), else by the start of the name; an empty query lists every customer
 * by name, fifty at a time on a keyset, so it pages through millions.
 */
export function CustomerFinder({ query, onOpen }: { query: string; onOpen: (customerId: string) => void }) {
  const t = useHqT();
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    hq.hq.identity.search.query({ query, limit: PAGE }).then(
      (page) => {
        if (!live) return;
        setHits(page.customers);
        setCursor(page.nextCursor);
        setError(null);
        // One person found by an identifier: open them straight away.
        if (page.customers.length === 1 && page.customers[0] && page.customers[0].matchedBy !== 'name') {
          onOpen(page.customers[0].customerId);
        }
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [query, onOpen]);

  const more = async () => {
    if (!cursor) return;
    try {
      const page = await hq.hq.identity.search.query({ query, limit: PAGE, cursor });
      setHits((old) => [...(old ?? []), ...page.customers]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (error) return <p className="alert">{error}</p>;
  if (!hits) return null;
  if (hits.length === 0) return <p className="muted">{t('customers.none', { query })}</p>;
  return (
    <section className="finder" data-testid="customer-hits">
      <ul>
        {hits.map((h) => (
          <li key={h.customerId}>
            <button
              type="button"
              className="link"
              onClick={() => onOpen(h.customerId)}
              data-testid="customer-hit"
            >
              {h.displayName || t('customers.noName')}
            </button>{' '}
            <span className="muted">
              {[h.phone, h.email].filter(Boolean).join(' · ')} ·{' '}
              {t('identity.matchedBy', { how: t(`identifier.${h.matchedBy}` as HqMessageKey) })}
            </span>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" onClick={() => void more()} data-testid="customer-hits-more">
          {t('identity.moreCustomers')}
        </button>
      )}
    </section>
  );
}
