import { matchLoyaltyCard, type LoyaltyScheme } from '../../shared/barcode';
import { cardIssueSchema, type CardIssue } from '../../shared/domain/cardIssue';
import { maskName, normalizeEmail, normalizePhone } from '../../shared/domain/identifiers';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { operationKinds } from '../../shared/sync/operations';
import { payloadHash, type CardRow } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from './database';
import { requireMeta, setMeta } from './meta';
import { findCard } from './cards';

/** What the cashier typed or scanned into the issue form, as typed. */
export type CardIssueDraft = {
  cardNumber: string;
  name: string;
  phone: string;
  email: string;
  personalData: boolean;
  marketing: boolean;
};

export type CardIssueField = 'cardNumber' | 'phone' | 'email' | 'contact' | 'personalData';
/** Why a field is refused, as a message key the form translates. */
export type CardIssueProblem =
  | 'issue.err.cardScheme'
  | 'issue.err.cardCheck'
  | 'issue.err.phone'
  | 'issue.err.email'
  | 'issue.err.contact'
  | 'issue.err.consent';

export type CheckedIssue =
  { ok: true; issue: CardIssue } | { ok: false; problems: Partial<Record<CardIssueField, CardIssueProblem>> };

/**
 * Turns the form into a `card.issue` payload: the number must be a card of one of the chain's
 * schemes with its check digit, the phone becomes E.164 in the store's country, the email is
 * normalized, and the shared schema has the last word, as on the server.
 */
export function checkCardIssue(
  draft: CardIssueDraft,
  schemes: readonly LoyaltyScheme[],
  now = new Date(),
): CheckedIssue {
  const problems: Partial<Record<CardIssueField, CardIssueProblem>> = {};
  const match = matchLoyaltyCard(draft.cardNumber.trim(), schemes);
  if (match.kind === 'none') problems.cardNumber = 'issue.err.cardScheme';
  if (match.kind === 'bad_check') problems.cardNumber = 'issue.err.cardCheck';
  const phone = draft.phone.trim() ? normalizePhone(draft.phone) : null;
  const email = draft.email.trim() ? normalizeEmail(draft.email) : null;
  if (draft.phone.trim() && !phone) problems.phone = 'issue.err.phone';
  if (draft.email.trim() && !email) problems.email = 'issue.err.email';
  if (!draft.phone.trim() && !draft.email.trim()) problems.contact = 'issue.err.contact';
  if (!draft.personalData) problems.personalData = 'issue.err.consent';
  if (match.kind !== 'card' || Object.keys(problems).length > 0) return { ok: false, problems };

  const at = now.toISOString();
  const checked = parseUnknown(cardIssueSchema, {
    cardNumber: match.number,
    customerId: uuidv7(),
    name: draft.name.trim() || null,
    phone,
    email,
    consents: { personalData: { granted: true, at }, marketing: { granted: draft.marketing, at } },
    wallTime: at,
  });
  // The checks above cover every rule of the schema; a failure here is a bug, not the cashier's.
  if (!checked.ok) throw new Error(`card issue does not match its schema:\n${checked.error}`);
  return { ok: true, issue: checked.value };
}

export type IssuedCard = { card: CardRow; seq: number; opId: string };

/** The card is already known to this till (pulled from the server, or issued here before). */
export class CardAlreadyKnown extends Error {}

/**
 * Issues the card offline: the `card.issue` operation and the card in the till's card list are
 * written in ONE transaction with the next seq, so the card works on this till at once and the
 * server learns of it with the next push. The pulled list later replaces the row with the server's
 * word, which for a card another till issued first is the other customer's.
 */
export async function issueCard(db: TillDb, issue: CardIssue): Promise<IssuedCard> {
  return db.transaction('rw', [db.meta, db.cards, db.refBlocks, db.outbox], async () => {
    if (await findCard(db, issue.cardNumber)) throw new CardAlreadyKnown(issue.cardNumber);
    const counters = await requireMeta(db, 'counters');
    const seq = counters.nextSeq;
    const opId = uuidv7();
    const card: CardRow = {
      number: issue.cardNumber,
      customerId: issue.customerId,
      maskedName: maskName(issue.name ?? ''),
      status: 'active',
    };
    await db.cards.add(card);
    await db.outbox.add({
      seq,
      opId,
      kind: 'card.issue',
      schemaVersion: operationKinds['card.issue'].currentVersion,
      payload: issue,
      payloadHash: payloadHash(issue),
      wallTime: issue.wallTime,
      attempts: 0,
      lastError: null,
    });
    await setMeta(db, 'counters', { ...counters, nextSeq: seq + 1 });
    return { card, seq, opId };
  });
}
