import { useState } from 'react';
import type { CardRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import {
  CardAlreadyKnown,
  checkCardIssue,
  issueCard,
  type CardIssueDraft,
  type CardIssueField,
  type CardIssueProblem,
} from '../db/cardIssue';
import { useScanServices } from '../scanner/useScans';

type Props = {
  /** The unknown card on the sale, if any: scanning a card while the form is open puts it here. */
  cardNumber: string | null;
  onIssued: (card: CardRow) => void;
  onCancel: () => void;
};

// A field the cashier corrects loses its complaint at once; the rest wait for the next try.
const CLEARS: Record<keyof CardIssueDraft, readonly (CardIssueField | 'known')[]> = {
  cardNumber: ['cardNumber', 'known'],
  phone: ['phone', 'contact'],
  email: ['email', 'contact'],
  name: [],
  personalData: ['personalData'],
  marketing: [],
};

const blank = (cardNumber: string | null): CardIssueDraft => ({
  cardNumber: cardNumber ?? '',
  name: '',
  phone: '',
  email: '',
  personalData: false,
  marketing: false,
});

/**
 * Issues a new card to the customer at the till, offline: the card, phone and/or email, and the two
 * consents asked separately, neither ticked in advance. A card scanned while the form is open goes
 * on the sale as an unknown card and lands in the number field, so the cashier never retypes it.
 * The form opens with the focus where typing starts: the number, or the phone when it is known.
 */
export function IssueCardForm({ cardNumber, onIssued, onCancel }: Props) {
  const t = useT();
  const { db, sync } = useTill();
  const { stream } = useScanServices();
  const [draft, setDraft] = useState<CardIssueDraft>(() => blank(cardNumber));
  const [problems, setProblems] = useState<
    Partial<Record<CardIssueField | 'known', CardIssueProblem | 'issue.err.known'>>
  >({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  // A newly scanned card replaces the number, adjusted while rendering as React advises.
  const [seenCard, setSeenCard] = useState(cardNumber);
  if (cardNumber !== seenCard) {
    setSeenCard(cardNumber);
    if (cardNumber) setDraft((d) => ({ ...d, cardNumber }));
  }

  const set = <K extends keyof CardIssueDraft>(key: K, value: CardIssueDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setProblems((p) => {
      const rest = { ...p };
      for (const field of CLEARS[key]) delete rest[field];
      return rest;
    });
  };

  const submit = async () => {
    const checked = checkCardIssue(draft, stream.config().loyaltySchemes);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setBusy(true);
    setFailed(null);
    try {
      const issued = await issueCard(db, checked.issue);
      setProblems({});
      onIssued(issued.card);
      sync.kick();
    } catch (error) {
      // Nothing was written: the transaction holds the card and its operation together.
      if (error instanceof CardAlreadyKnown) setProblems({ known: 'issue.err.known' });
      else setFailed(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const problem = (field: CardIssueField | 'known') => {
    const key = problems[field];
    return key ? (
      <span className="field-error" role="alert" data-testid={`issue-error-${field}`}>
        {t(key)}
      </span>
    ) : null;
  };

  return (
    <form
      className="issue-card"
      data-testid="issue-card"
      aria-label={t('issue.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3>{t('issue.title')}</h3>
      <label>
        {t('issue.card')}
        <input
          data-testid="issue-card-number"
          autoFocus={cardNumber === null}
          value={draft.cardNumber}
          inputMode="numeric"
          autoComplete="off"
          onChange={(e) => set('cardNumber', e.target.value)}
        />
        {problem('cardNumber')}
        {problem('known')}
      </label>
      <label>
        {t('issue.phone')}
        <input
          data-testid="issue-phone"
          autoFocus={cardNumber !== null}
          type="tel"
          autoComplete="off"
          value={draft.phone}
          onChange={(e) => set('phone', e.target.value)}
        />
        {problem('phone')}
      </label>
      <label>
        {t('issue.email')}
        <input
          data-testid="issue-email"
          type="email"
          autoComplete="off"
          value={draft.email}
          onChange={(e) => set('email', e.target.value)}
        />
        {problem('email')}
      </label>
      <p className="muted">{t('issue.contactHint')}</p>
      {problem('contact')}
      <label>
        {t('issue.name')}
        <input
          data-testid="issue-name"
          autoComplete="off"
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
        />
      </label>
      <label className="consent">
        <input
          type="checkbox"
          data-testid="issue-consent-data"
          checked={draft.personalData}
          onChange={(e) => set('personalData', e.target.checked)}
        />
        {t('issue.consentData')}
      </label>
      {problem('personalData')}
      <label className="consent">
        <input
          type="checkbox"
          data-testid="issue-consent-marketing"
          checked={draft.marketing}
          onChange={(e) => set('marketing', e.target.checked)}
        />
        {t('issue.consentMarketing')}
      </label>
      {failed && (
        <p className="alert" role="alert">
          {t('issue.err.failed')}: {failed}
        </p>
      )}
      <div className="issue-actions">
        <button type="submit" data-testid="issue-submit" disabled={busy}>
          {t('issue.submit')}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          {t('issue.cancel')}
        </button>
      </div>
    </form>
  );
}
