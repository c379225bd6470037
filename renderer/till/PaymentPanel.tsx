import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { lineTotal, parseMoneyInput } from '../../shared/domain/money';
import { applyBurn } from '../../shared/loyalty';
import { useT } from '../app/i18n';
import type { TillDb } from '../db/database';
import { quoteLoyalty } from '../db/loyalty';
import type { Cart } from './cart';
import { planTender, type CardTender } from './tender';

/** What the cashier chose at payment; `recordSale` checks all of it again in its transaction. */
export type PaymentChoice = {
  pointsToBurn: number;
  cardPayments: CardTender[];
  /** null: the exact cash for what the card leaves. */
  cashTenderedMinor: number | null;
};

type Props = {
  db: TillDb;
  cart: Cart;
  money: (minor: number) => string;
  busy: boolean;
  onConfirm: (choice: PaymentChoice) => void;
};

const parsePoints = (text: string): number | null =>
  /^\d{0,9}$/.test(text.trim()) ? Number(text.trim() || '0') : null;

/**
 * Payment, driven from the keyboard: F12 lands in the first field, Tab moves between points,
 * card amount, terminal reference and cash, Enter confirms. Enter in the reference field keeps that
 * card payment and clears the card fields for another one, so a sale takes any number of card
 * payments (split between the customer's cards) besides cash. Loyalty is priced by the same
 * `quoteLoyalty` the sale is recorded with, so the screen shows what the receipt will say.
 */
export function PaymentPanel({ db, cart, money, busy, onConfirm }: Props) {
  const t = useT();
  const [points, setPoints] = useState('');
  const [cardAmount, setCardAmount] = useState('');
  const [reference, setReference] = useState('');
  const [cash, setCash] = useState('');
  const [cardsKept, setCardsKept] = useState<CardTender[]>([]);
  const cardAmountInput = useRef<HTMLInputElement>(null);
  // A basket held or emptied takes its card payments with it: the next customer's starts clean.
  if (cart.lines.length === 0 && cardsKept.length > 0) setCardsKept([]);
  const lines = cart.lines.map((l, i) => ({
    lineNo: i + 1,
    totalMinor: lineTotal(l.quantityMilli, l.product.priceMinor),
  }));
  const subtotal = lines.reduce((s, l) => s + l.totalMinor, 0);
  const key = `${cart.card?.number ?? ''}|${lines.map((l) => l.totalMinor).join(',')}`;
  const quote = useLiveQuery(() => quoteLoyalty(db, cart.card?.number ?? null, lines), [db, key]);

  const wanted = parsePoints(points);
  const pointsOver = quote != null && wanted !== null && wanted > quote.priced.maxBurnPoints;
  const burn = quote ? applyBurn(quote.priced, pointsOver ? 0 : (wanted ?? 0), quote.config) : null;
  const due = burn ? burn.dueMinor : subtotal;
  const cardMinor = cardAmount.trim() === '' ? 0 : parseMoneyInput(cardAmount);
  const entered: CardTender[] =
    cardMinor !== null && cardMinor > 0 ? [{ amountMinor: cardMinor, reference }] : [];
  const cards: CardTender[] = [...cardsKept, ...entered];
  const tendered = cash.trim() === '' ? null : parseMoneyInput(cash);
  const plan =
    cardMinor === null || (cash.trim() !== '' && tendered === null)
      ? null
      : planTender(due, cards, cash.trim() === '' ? null : tendered);
  const problem = pointsOver
    ? t('pay.pointsOver')
    : plan && !plan.ok && plan.problem !== 'cashShort'
      ? t(`pay.${plan.problem}`)
      : null;
  const canConfirm =
    cart.lines.length > 0 && !busy && wanted !== null && !pointsOver && plan !== null && plan.ok;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canConfirm) return;
    onConfirm({
      pointsToBurn: quote ? (wanted ?? 0) : 0,
      cardPayments: cards,
      cashTenderedMinor: cash.trim() === '' ? null : tendered,
    });
    setPoints('');
    setCardAmount('');
    setReference('');
    setCash('');
    setCardsKept([]);
  };

  const keepCard = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || entered.length === 0) return;
    // A card payment half typed is never confirmed with the sale by a stray Enter.
    event.preventDefault();
    if (reference.trim() === '') return;
    setCardsKept([...cardsKept, ...entered]);
    setCardAmount('');
    setReference('');
    cardAmountInput.current?.focus();
  };

  return (
    <form className="payment" onSubmit={submit} data-testid="payment">
      {quote && quote.priced.discountMinor > 0 && (
        <div className="row">
          <span>{t('pay.subtotal')}</span>
          <span data-testid="subtotal">{money(subtotal)}</span>
        </div>
      )}
      {quote && quote.priced.discountMinor > 0 && (
        <div className="row">
          <span>{t('loyalty.discount')}</span>
          <span data-testid="discount">−{money(quote.priced.discountMinor)}</span>
        </div>
      )}
      {quote && (
        <label>
          {t('loyalty.points')}{' '}
          <span className="muted">
            {t('loyalty.maxPoints').replace('{points}', String(quote.priced.maxBurnPoints))}
          </span>
          <input
            inputMode="numeric"
            value={points}
            placeholder="0"
            onChange={(e) => setPoints(e.target.value)}
            data-testid="points-input"
          />
        </label>
      )}
      {burn && burn.burnValueMinor > 0 && (
        <div className="row">
          <span>{t('loyalty.pointsPay')}</span>
          <span data-testid="points-value">−{money(burn.burnValueMinor)}</span>
        </div>
      )}
      <div className="total">
        <span>{t('pay.due')}</span>
        <strong data-testid="total">{money(due)}</strong>
      </div>
      <fieldset className="tender">
        <legend>{t('pay.card')}</legend>
        {cardsKept.length > 0 && (
          <ul className="cards-kept">
            {cardsKept.map((c, i) => (
              <li key={i} data-testid="card-kept">
                <span>
                  {t('pay.cardPaid')} {c.reference}
                </span>
                <span>{money(c.amountMinor)}</span>
                <button
                  type="button"
                  className="link"
                  aria-label={t('pay.cardRemove')}
                  onClick={() => setCardsKept(cardsKept.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <label>
          {t('pay.cardAmount')}
          <input
            inputMode="decimal"
            value={cardAmount}
            placeholder="0"
            onChange={(e) => setCardAmount(e.target.value)}
            ref={cardAmountInput}
            data-testid="card-amount"
          />
        </label>
        <label>
          {t('pay.reference')}
          <input
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            onKeyDown={keepCard}
            title={t('pay.cardHint')}
            data-testid="card-reference"
          />
        </label>
        {entered.length > 0 && <p className="muted hint">{t('pay.cardHint')}</p>}
      </fieldset>
      <label>
        {t('till.cash')}
        {plan?.ok && cards.length > 0 && (
          <span className="muted" data-testid="cash-due">
            {' '}
            {t('pay.cashDue')} {money(plan.cashDueMinor)}
          </span>
        )}
        <input
          inputMode="decimal"
          placeholder={t('till.exact')}
          value={cash}
          onChange={(e) => setCash(e.target.value)}
          data-testid="cash-input"
        />
      </label>
      <div className="change">
        <span>{t('till.change')}</span>
        <strong data-testid="change">{plan?.ok ? money(plan.changeMinor) : t('till.short')}</strong>
      </div>
      {burn && burn.pointsEarned > 0 && (
        <div className="row">
          <span>{t('loyalty.earned')}</span>
          <span data-testid="points-earned">{burn.pointsEarned}</span>
        </div>
      )}
      {problem && (
        <p className="alert" role="alert" data-testid="payment-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="confirm" disabled={!canConfirm} data-testid="confirm">
        {busy ? t('till.saving') : t('till.confirm')}
      </button>
    </form>
  );
}
