import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CustomerCards } from './CustomerCards';
import { CustomerFinder } from './CustomerFinder';
import { CustomerIdentity } from './CustomerIdentity';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime, money, percent, quantity } from './format';
import { useHqT, type HqTranslate } from './hqI18n';
import { PointsLedger } from './PointsLedger';

type Result = HqOutputs['customerPurchases'];
type Ledger = HqOutputs['customerLedger'];

const PAGE = 50;

/**
 * Find a customer by any identifier (card, phone, email, visitor id, shop account) or name, or
 * page through them all; open one to see their identifiers, merges and timeline across channels.
 * Below, the store purchases found by card, phone or email with their lines.
 */
export function CustomerPage({ role }: { role: HqOutputs['me']['role'] }) {
  const t = useHqT();
  const [initialQuery] = useState(() => (new URLSearchParams(location.search).get('q') ?? '').trim());
  const [query, setQuery] = useState(initialQuery);
  // The identity graph is chain-wide: admins and analysts search it, store managers their purchases.
  const graph = role !== 'store_manager';
  const [people, setPeople] = useState<string | null>(
    graph && initialQuery.length >= 3 ? initialQuery : null,
  );
  const [open, setOpen] = useState<string | null>(null);
  const openCustomer = useCallback((id: string) => setOpen(id), []);
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
    const q = query.trim();
    if (q.length < 3) return;
    setOpen(null);
    if (graph) setPeople(q);
    void search(q);
  };

  const browse = () => {
    setOpen(null);
    setResult(null);
    setPeople('');
  };

  return (
    <main className="page">
      <form className="search" onSubmit={submit}>
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('customers.query')}
          aria-label={t('customers.query')}
          data-testid="customer-query"
        />
        <button type="submit" disabled={busy} data-testid="customer-search">
          {t('customers.find')}
        </button>
        {graph && (
          <button type="button" className="link" onClick={browse} data-testid="customer-browse">
            {t('identity.browse')}
          </button>
        )}
      </form>
      {error && <p className="alert">{error}</p>}
      {people !== null && open === null && <CustomerFinder query={people} onOpen={openCustomer} />}
      {open !== null && <CustomerIdentity customerId={open} canChange={role === 'admin'} />}
      {result && <CustomerResult result={result} t={t} canChangeCards={role !== 'analyst'} />}
      {result?.nextCursor && (
        <p className="more">
          <button type="button" disabled={busy} onClick={() => void more()} data-testid="purchases-more">
            {olderWords(result.count - result.purchases.length, t)}
          </button>
        </p>
      )}
    </main>
  );
}

/** "Show the older purchases (20)", or "Show 50 more of 120 older purchases". */
function olderWords(older: number, t: HqTranslate): string {
  if (older === 1) return t('customers.olderOne');
  return older <= PAGE
    ? t('customers.olderAll', { n: older })
    : t('customers.olderPage', { page: PAGE, n: older });
}

function CustomerResult({
  result,
  t,
  canChangeCards,
}: {
  result: Result;
  t: HqTranslate;
  canChangeCards: boolean;
}) {
  const [ledgerOpen, setLedgerOpen] = useState(false);
  const totals = result.totals.map((sum) => money(sum.totalMinor, sum.currency)).join(' + ');
  return (
    <section data-testid="customer-result">
      <div className="customer-head">
        {result.customer ? (
          <>
            <h2>{result.customer.displayName || t('customers.noName')}</h2>
            <p className="muted">
              {[result.customer.phone, result.customer.email].filter(Boolean).join(' · ')}
              {result.cards.length > 0 && ` · ${t('customers.card', { cards: result.cards.join(', ') })}`}
            </p>
            <CustomerPoints customerId={result.customer.id} t={t} />
            <CustomerCards customerId={result.customer.id} canChange={canChangeCards} />
            {result.customer.consents.length > 0 && (
              <p className="muted" data-testid="customer-consents">
                {t('customers.consents')}:{' '}
                {result.customer.consents
                  .map((c) =>
                    t(c.granted ? 'customers.consentGiven' : 'customers.consentRefused', {
                      what: t(c.kind === 'personal_data' ? 'customers.personalData' : 'customers.marketing'),
                      at: dateTime(c.givenAt),
                    }),
                  )
                  .join(' · ')}
              </p>
            )}
          </>
        ) : (
          <h2>
            {result.purchases.length > 0
              ? t('customers.cardOnly', { card: result.query })
              : t('customers.none', { query: result.query })}
          </h2>
        )}
        {result.count > 0 && (
          <p>
            <b data-testid="purchase-count" data-count={result.count}>
              {t.count('count.purchases', result.count)}
            </b>
            , {t('customers.total')} <b data-testid="purchase-sum">{totals}</b>
            {result.purchases.length < result.count && (
              <span className="muted"> · {t('customers.showing', { n: result.purchases.length })}</span>
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
            <span className="muted">{t('customers.receipt', { receipt: p.receiptNo })}</span>
            {p.clockSuspect && <span className="badge warn">{t('customers.clockOff')}</span>}
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
                      <small className="marking">
                        {' '}
                        {t('customers.marked')} {l.markingCode.replaceAll('\x1d', '␝')}
                      </small>
                    )}
                  </td>
                  <td
                    className="vat"
                    title={
                      l.vatRateSource === 'till'
                        ? undefined
                        : t('vat.derived', {
                            how: t(l.vatRateSource === 'product' ? 'vat.product' : 'vat.default'),
                          })
                    }
                    data-testid="line-vat"
                  >
                    {t('vat.rate', { rate: percent(l.vatRateBp) })}
                    {l.vatRateSource !== 'till' && '*'}
                  </td>
                  <td className="num">
                    {quantity(l.quantityMilli)} × {money(l.unitPriceMinor, p.currency)}
                  </td>
                  <td className="num">{money(l.totalMinor, p.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.lines.some((l) => l.vatRateSource !== 'till') && (
            <p className="muted small">
              *{' '}
              {t('vat.derived', {
                how: t(p.lines.some((l) => l.vatRateSource === 'product') ? 'vat.product' : 'vat.default'),
              })}
            </p>
          )}
          {p.returns.map((r) => (
            <p key={r.returnId} className="return-against" data-testid="purchase-return">
              ↩{' '}
              {t('returns.against', {
                at: dateTime(r.tillTime),
                refund: `−${money(r.refundMinor, r.currency)}`,
                lines: r.lines.map((l) => `${l.name} × ${quantity(l.quantityMilli)}`).join(', '),
              })}
              {r.cardNumber && (r.pointsReversed > 0 || r.pointsRestored > 0) && (
                <span className="muted">
                  {' '}
                  · {t('returns.pointsBack', { reversed: r.pointsReversed, restored: r.pointsRestored })}
                </span>
              )}
            </p>
          ))}
          <p className="muted paid" data-testid="purchase-payments">
            {t('customers.paid')}:{' '}
            {p.payments
              .map(
                (pay) =>
                  `${pay.method === 'card' ? t('customers.cardPaid', { reference: pay.reference ?? '' }) : pay.method === 'cash' ? t('customers.cash') : pay.method} ${money(pay.amountMinor, p.currency)}`,
              )
              .join(' · ')}
          </p>
        </article>
      ))}
      {result.customer && (
        <p>
          <button
            type="button"
            className="link"
            onClick={() => setLedgerOpen((o) => !o)}
            data-testid="customer-ledger"
          >
            {t('loyalty.ledger')}
          </button>
        </p>
      )}
      {ledgerOpen && result.customer && <PointsLedger customerId={result.customer.id} />}
    </section>
  );
}

/** The customer's points balance (the sum of their ledger) and tier, as the tills will pull them. */
function CustomerPoints({ customerId, t }: { customerId: string; t: HqTranslate }) {
  const [ledger, setLedger] = useState<Ledger | null>(null);
  useEffect(() => {
    let current = true;
    hq.hq.customerLedger.query({ customerId, limit: 1 }).then(
      (answer) => current && setLedger(answer),
      // Points are a detail of the page: without them the purchases still show.
      () => current && setLedger(null),
    );
    return () => {
      current = false;
    };
  }, [customerId]);
  if (!ledger) return null;
  return (
    <p data-testid="customer-points" data-points={ledger.balance}>
      {t('customers.points', { points: ledger.balance, tier: ledger.tierCode })}
    </p>
  );
}
