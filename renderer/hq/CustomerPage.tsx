import { useEffect, useState, type FormEvent } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime, money, quantity } from './format';

type Result = HqOutputs['customerPurchases'];

/** Find a customer by card, phone or email; their store purchases, newest first. */
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
      setResult(await hq.hq.customerPurchases.query({ query: q }));
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
      .query({ query: initialQuery })
      .then(setResult, (e: unknown) => setError(errorText(e)));
  }, [initialQuery]);

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
    </main>
  );
}

function CustomerResult({ result }: { result: Result }) {
  const total = result.purchases.reduce((sum, p) => sum + p.totalMinor, 0);
  const currency = result.purchases[0]?.currency ?? 'RUB';
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
        {result.purchases.length > 0 && (
          <p>
            <b data-testid="purchase-count">{result.purchases.length}</b> store purchases ·{' '}
            <b>{money(total, currency)}</b> in total
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
