import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent, type RefObject } from 'react';
import { resolveTier } from '../../shared/loyalty';
import type { CardRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import type { TillDb } from '../db/database';
import { findCustomerByCard, findCustomerByPhone, loyaltyConfig, unsyncedBurnedPoints } from '../db/loyalty';
import type { Cart } from './cart';
import { keyCap } from './hotkeys';
import { IssueCardForm } from './IssueCardForm';
import { OnlinePanel } from './OnlinePanel';

type Props = {
  db: TillDb;
  cart: Cart;
  /** A customer found by card number or phone: their card goes on the sale. */
  onCard: (card: CardRow) => void;
  /** Typed text that is neither a known card nor a phone: handled as a scan (an unknown card…). */
  onCode: (code: string) => void;
  onRemove: () => void;
  /** A card issued here (for an unknown card, or a new one): the till puts it on the sale at once. */
  onIssued?: (card: CardRow) => void;
  lookupRef?: RefObject<HTMLInputElement | null>;
  /** The card issuing form is open: the till's Insert key (renderer/till/hotkeys.ts) opens it too. */
  issuing: boolean;
  onIssuing: (open: boolean) => void;
};

/**
 * The customer on the sale, from the till's cache alone so it works offline: masked name, tier,
 * points (the pulled balance minus what this till spent and has not synced), personal offers.
 * Found by scanning the card, or by typing the card number or the phone number here (F3).
 */
export function CustomerPanel({
  db,
  cart,
  onCard,
  onCode,
  onRemove,
  onIssued,
  lookupRef,
  issuing,
  onIssuing,
}: Props) {
  const t = useT();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [issued, setIssued] = useState<string | null>(null);

  const number = cart.card?.number ?? null;
  const cached = useLiveQuery(async () => {
    if (number === null) return null;
    const customer = await findCustomerByCard(db, number);
    if (customer === undefined) return { customer: null, unsynced: 0, tierName: null };
    const config = await loyaltyConfig(db);
    const unsynced = await unsyncedBurnedPoints(db, customer.card.customerId);
    const tierName =
      config && customer.summary
        ? resolveTier(config, customer.summary.tierCode).name
        : customer.summary?.tierCode;
    return { customer, unsynced, tierName: tierName ?? null, hasRules: config !== null };
  }, [db, number]);

  const lookup = async (event: FormEvent) => {
    event.preventDefault();
    const typed = text.trim();
    if (typed === '') return;
    const card = await findCustomerByCard(db, typed);
    if (card) {
      onCard(card.card);
    } else {
      const byPhone = await findCustomerByPhone(db, typed);
      if (byPhone.kind === 'found') onCard(byPhone.customer.card);
      // Thirteen digits not found as a phone are a card number this till does not know yet: it
      // goes through the scan path, which puts it on the sale and offers to issue it.
      else if (/^\d{13}$/.test(typed)) onCode(typed);
      else {
        setProblem(byPhone.kind === 'notFound' ? t('loyalty.notFound') : t('loyalty.notPhone'));
        return;
      }
    }
    setProblem(null);
    setText('');
  };

  const customer = cached?.customer ?? null;
  const summary = customer?.summary ?? null;
  // A card this till has no customer for: the one a new customer can be given here.
  const unknownNumber = cart.card && customer === null && cached !== undefined ? cart.card.number : null;
  const balance = summary ? summary.pointsBalance - (cached?.unsynced ?? 0) : null;
  return (
    <section className="customer" data-testid="customer">
      <h2>{t('till.customer')}</h2>
      <form className="customer-lookup" onSubmit={(e) => void lookup(e)}>
        <input
          ref={lookupRef}
          value={text}
          placeholder={t('loyalty.lookup')}
          aria-label={t('loyalty.lookup')}
          inputMode="tel"
          onChange={(e) => setText(e.target.value)}
          data-testid="customer-lookup"
        />
        <button type="submit">{t('loyalty.find')}</button>
      </form>
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {!cart.card && <p className="muted">{t('till.noCard')}</p>}
      {cart.card && (
        <>
          <p className="customer-name" data-testid="customer-name">
            {summary?.maskedName ?? (cart.card.known ? cart.card.known.maskedName || t('issue.noName') : '—')}
          </p>
          <p className="card-number">{cart.card.number}</p>
          {unknownNumber && !cart.card.known && <p className="muted">{t('till.unknownCard')}</p>}
          {issued === cart.card.number && (
            <p className="ok" role="status" data-testid="issue-done">
              {t('issue.done')}
            </p>
          )}
          {customer?.card.status === 'blocked' && <p className="alert">{t('loyalty.blocked')}</p>}
          {customer && cached?.hasRules === false && <p className="muted">{t('loyalty.noRules')}</p>}
          {summary && (
            <dl className="loyalty-facts">
              <dt>{t('loyalty.tier')}</dt>
              <dd data-testid="customer-tier">{cached?.tierName}</dd>
              <dt>{t('loyalty.balance')}</dt>
              <dd data-testid="customer-points">{balance}</dd>
            </dl>
          )}
          {summary && (cached?.unsynced ?? 0) > 0 && (
            <p className="muted" data-testid="customer-unsynced">
              {t('loyalty.unsynced').replace('{points}', String(cached?.unsynced))}
            </p>
          )}
          {summary && (
            <div className="offers">
              <h3>{t('loyalty.offers')}</h3>
              {summary.offers.length === 0 ? (
                <p className="muted">{t('loyalty.noOffers')}</p>
              ) : (
                <ul>
                  {summary.offers.map((o) => (
                    <li key={o.id}>{o.title}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {summary?.online && <OnlinePanel online={summary.online} />}
          <button type="button" className="link" onClick={onRemove}>
            {t('till.removeCard')}
          </button>
        </>
      )}
      {onIssued && !issuing && (!cart.card || (unknownNumber && !cart.card.known)) && (
        <button
          type="button"
          data-testid="issue-open"
          aria-keyshortcuts="Insert"
          onClick={() => onIssuing(true)}
        >
          {unknownNumber ? t('issue.offer') : t('issue.open')} <kbd>{keyCap('Insert')}</kbd>
        </button>
      )}
      {onIssued && issuing && (
        <IssueCardForm
          cardNumber={unknownNumber}
          onCancel={() => onIssuing(false)}
          onIssued={(card) => {
            onIssuing(false);
            setIssued(card.number);
            onIssued(card);
          }}
        />
      )}
    </section>
  );
}
