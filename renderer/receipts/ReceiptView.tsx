import type { Receipt } from '../../shared/receipts/receipt';
import { localeOf, useLang, useT } from '../app/i18n';
import { useMoney } from '../till/useMoney';
import { QrCode } from './QrCode';
import './receipt.css';

type Props = { receipt: Receipt; onPrint?: () => void; onClose?: () => void };

const quantity = (milli: number, locale: string) =>
  (milli / 1000).toLocaleString(locale, { maximumFractionDigits: 3 });
// A weight is printed to the gram, as the scale's label shows it.
const kilograms = (milli: number, locale: string) =>
  (milli / 1000).toLocaleString(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const percent = (bp: number, locale: string) =>
  `${(bp / 100).toLocaleString(locale, { maximumFractionDigits: 2 })} %`;

/**
 * A receipt on screen and, through the browser's print (or print to PDF), on an 80 mm roll: the
 * print style sheet shows this element alone, at the roll's width (receipt.css).
 */
export function ReceiptView({ receipt: r, onPrint, onClose }: Props) {
  const t = useT();
  const locale = localeOf(useLang());
  const money = useMoney(r.currency);
  const when = new Date(r.wallTime).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <section className="receipt-frame" aria-label={t('receipt.title')}>
      <article className="receipt" data-testid="receipt">
        <header>
          <strong>{r.store.name}</strong>
          {r.store.address && <div>{r.store.address}</div>}
          <div>
            {t('receipt.no')} <span data-testid="receipt-no">{r.receiptNo}</span>
          </div>
          <div>{when}</div>
          {r.cashier && (
            <div>
              {t('receipt.cashier')}: {r.cashier}
            </div>
          )}
          {r.cardNumber && (
            <div>
              {t('receipt.card')}: ···{r.cardNumber.slice(-4)}
            </div>
          )}
        </header>
        <ol className="receipt-lines">
          {r.lines.map((l) => (
            <li key={l.lineNo}>
              <div className="receipt-name">{l.name}</div>
              <div className="receipt-row">
                <span>
                  {l.unit === 'kg'
                    ? `${kilograms(l.quantityMilli, locale)} ${t('receipt.kg')} × ${money(l.unitPriceMinor)}/${t('receipt.kg')}`
                    : `${quantity(l.quantityMilli, locale)} × ${money(l.unitPriceMinor)}`}
                </span>
                <span>{money(l.totalMinor)}</span>
              </div>
              <div className="receipt-vat">
                {t('receipt.vat')} {percent(l.vatRateBp, locale)}
              </div>
            </li>
          ))}
        </ol>
        <dl className="receipt-totals">
          {r.discountMinor > 0 && (
            <>
              <dt>{t('receipt.subtotal')}</dt>
              <dd>{money(r.subtotalMinor)}</dd>
              <dt>{t('receipt.discount')}</dt>
              <dd>−{money(r.discountMinor)}</dd>
            </>
          )}
          <dt className="receipt-total">{t('receipt.total')}</dt>
          <dd className="receipt-total" data-testid="receipt-total">
            {money(r.totalMinor)}
          </dd>
          {r.pointsBurned > 0 && (
            <>
              <dt>
                {t('receipt.pointsSpent')} ({r.pointsBurned})
              </dt>
              <dd>−{money(r.burnValueMinor)}</dd>
            </>
          )}
          {r.payments.map((p, i) => (
            <PaymentRows
              key={i}
              label={p.method === 'cash' ? t('receipt.cash') : `${t('receipt.cardPayment')} ${p.reference}`}
              amount={money(p.amountMinor)}
            />
          ))}
          {r.changeMinor > 0 && (
            <>
              <dt>{t('receipt.tendered')}</dt>
              <dd>
                {money(r.payments.reduce((s, p) => s + (p.method === 'cash' ? p.tenderedMinor : 0), 0))}
              </dd>
              <dt>{t('receipt.change')}</dt>
              <dd data-testid="receipt-change">{money(r.changeMinor)}</dd>
            </>
          )}
          {r.vat.map((v) => (
            <PaymentRows
              key={v.rateBp}
              label={`${t('receipt.vat')} ${percent(v.rateBp, locale)}`}
              amount={money(v.vatMinor)}
            />
          ))}
          {r.pointsEarned > 0 && (
            <>
              <dt>{t('receipt.pointsEarned')}</dt>
              <dd>{r.pointsEarned}</dd>
            </>
          )}
        </dl>
        {r.linkCode && r.linkPayload && (
          <footer className="receipt-link">
            <QrCode text={r.linkPayload} sizeMm={30} label={r.linkPayload} />
            <p>
              {t('receipt.link')}{' '}
              <strong data-testid="receipt-link-code">
                {r.linkCode.slice(0, 5)}-{r.linkCode.slice(5)}
              </strong>
            </p>
          </footer>
        )}
      </article>
      <div className="receipt-actions">
        {onPrint && (
          <button type="button" onClick={onPrint} data-testid="receipt-print">
            {t('receipt.print')}
          </button>
        )}
        {onClose && (
          <button type="button" onClick={onClose}>
            {t('receipt.close')}
          </button>
        )}
      </div>
    </section>
  );
}

function PaymentRows({ label, amount }: { label: string; amount: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{amount}</dd>
    </>
  );
}
