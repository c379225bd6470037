import { useEffect, useState, type FormEvent } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime, money, quantity } from './format';

type Result = HqOutputs['customerPurchases'];

const PAGE = 50;

/** Find a customer by card, phone or email; their store purchases, newest first, a page at a time. */
export function CustomerPage() {
  const [initialQuery] = useState(() => (new URLSearchParams(location.search).get('q') ?? '').trim());
  const [query, setQuery] = useState(initialQuery);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (q: string) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await hq.hq.customerPurchases.query({ query: q, limit: PAGE }));
      history.replaceState(null, '', `?q=${encodeURIComponent(q)}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  // A link to HQ with ?q=… opens on that customer; later searches go through the form.
  useEffect(() => {
    if (initialQuery.length < 3) return;
    hq.hq.customerPurchases
      .query({ query: initialQuery, limit: PAGE })
      .then(setResult, (e: unknown) => setError(errorText(e)));
  }, [initialQuery]);

  // The next page joins the list; the count and totals are the server's latest.
  const more = async () => {
    if (!result?.nextCursor) return;
    setBusy(true);
    try {
      const next = await hq.hq.customerPurchases.query({
        query: result.query,
        limit: PAGE,
        cursor: result.nextCursor,
      });
      setResult({ ...next, purchases: [...result.purchases, ...next.purchases] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim().length >= 3) void search(query.trim());
  };

  return (
    <main className="page">
      <form className="search" onSubmit={submit}>
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Card number, phone or email"
          aria-label="Card number, phone or email"
          data-testid="customer-query"
        />
        <button type="submit" disabled={busy} data-testid="customer-search">
          Find
        </button>
      </form>
      {error && <p className="alert">{error}</p>}
      {result && <CustomerResult result={result} />}
      {result?.nextCursor && (
        <p className="more">
          <button type="button" disabled={busy} onClick={() => void more()} data-testid="purchases-more">
            {olderWords(result.count - result.purchases.length)}
          </button>
        </p>
      )}
    </main>
  );
}

/** "Show the 20 older purchases", or "Show 50 more of 120 older purchases". */
function olderWords(older: number): string {
  if (older === 1) return 'Show the one older purchase';
  return older <= PAGE
    ? `Show the ${older} older purchases`
    : `Show ${PAGE} more of ${older} older purchases`;
}

function CustomerResult({ result }: { result: Result }) {
  const totals = result.totals.map((t) => money(t.totalMinor, t.currency)).join(' + ');
  return (
    <section data-testid="customer-result">
      <div className="customer-head">
        {result.customer ? (
          <>
            <h2>{result.customer.displayName}</h2>
            <p className="muted">
              {[result.customer.phone, result.customer.email].filter(Boolean).join(' · ')}
              {result.cards.length > 0 && ` · card ${result.cards.join(', ')}`}
            </p>
          </>
        ) : (
          <h2>
            {result.purchases.length > 0 ? `Card ${result.query}` : `No customer found for “${result.query}”`}
          </h2>
        )}
        {result.count > 0 && (
          <p>
            <b data-testid="purchase-count">{result.count}</b> store{' '}
            {result.count === 1 ? 'purchase' : 'purchases'}, total <b data-testid="purchase-sum">{totals}</b>
            {result.purchases.length < result.count && (
              <span className="muted"> · showing the newest {result.purchases.length}</span>
            )}
          </p>
        )}
      </div>
      {result.purchases.map((p) => (
        <article key={p.saleId} className="purchase" data-testid="purchase">
          <header>
            <span className="when">{dateTime(p.wallTime)}</span>
            <span>
              {p.storeName} · {p.deviceName}
            </span>
            <span className="muted">receipt {p.receiptNo}</span>
            {p.clockSuspect && <span className="badge warn">till clock off</span>}
            <strong className="num" data-testid="purchase-total">
              {money(p.totalMinor, p.currency)}
            </strong>
          </header>
          <table>
            <tbody>
              {p.lines.map((l) => (
                <tr key={l.lineNo}>
                  <td>
                    {l.name}
                    {l.markingCode && (
                      // GS separators made visible, as marking codes are read aloud to support.
                      <small className="marking"> marked unit {l.markingCode.replaceAll('\x1d', '␝')}</small>
                    )}
                  </td>
                  <td className="num">
                    {quantity(l.quantityMilli)} × {money(l.unitPriceMinor, p.currency)}
                  </td>
                  <td className="num">{money(l.totalMinor, p.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}
