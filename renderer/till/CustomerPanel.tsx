import { useEffect, useState } from 'react';
import type { CardRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import type { Cart } from './cart';
import { IssueCardForm } from './IssueCardForm';
import { keyCap } from './hotkeys';

/** The key that opens card issuing, shown on its button. */
/**
 * Insert ("a new one"): not a key a keyboard-wedge scanner types, and not one of the sale's
 * function keys (renderer/till/hotkeys.ts), where F7 holds the basket.
 */
export const ISSUE_CARD_KEY = 'Insert';

type Props = {
  cart: Cart;
  onRemove: () => void;
  /** A card issued here: the till puts it on the sale at once. */
  onIssued?: (card: CardRow) => void;
};

export function CustomerPanel({ cart, onRemove, onIssued }: Props) {
  const t = useT();
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const unknownNumber = cart.card && !cart.card.known ? cart.card.number : null;

  useEffect(() => {
    if (!onIssued) return undefined;
    const onKey = (event: KeyboardEvent) => {
      // Only the till in front answers: a hidden screen has no layout box.
      const panel = document.querySelector<HTMLElement>('[data-testid="customer"]');
      if (event.key !== ISSUE_CARD_KEY || !panel?.offsetParent) return;
      event.preventDefault();
      setIssuing(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onIssued]);

  return (
    <section className="customer" data-testid="customer">
      <h2>{t('till.customer')}</h2>
      {!cart.card && <p className="muted">{t('till.noCard')}</p>}
      {cart.card && (
        <>
          <p className="customer-name">
            {cart.card.known ? cart.card.known.maskedName || t('issue.noName') : '—'}
          </p>
          <p className="card-number">{cart.card.number}</p>
          {!cart.card.known && <p className="muted">{t('till.unknownCard')}</p>}
          {issued === cart.card.number && (
            <p className="ok" role="status" data-testid="issue-done">
              {t('issue.done')}
            </p>
          )}
          <button type="button" className="link" onClick={onRemove}>
            {t('till.removeCard')}
          </button>
        </>
      )}
      {onIssued && !issuing && (!cart.card || unknownNumber) && (
        <button
          type="button"
          data-testid="issue-open"
          aria-keyshortcuts={ISSUE_CARD_KEY}
          onClick={() => setIssuing(true)}
        >
          {unknownNumber ? t('issue.offer') : t('issue.open')} <kbd>{keyCap(ISSUE_CARD_KEY)}</kbd>
        </button>
      )}
      {onIssued && issuing && (
        <IssueCardForm
          cardNumber={unknownNumber}
          onCancel={() => setIssuing(false)}
          onIssued={(card) => {
            setIssuing(false);
            setIssued(card.number);
            onIssued(card);
          }}
        />
      )}
    </section>
  );
}
