import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultScanConfig } from '../../../shared/barcode';
import { cardIssueSchema } from '../../../shared/domain/cardIssue';
import { payloadHash } from '../../../shared/sync/protocol';
import { parseUnknown } from '../../../shared/validation';
import {
  CardAlreadyKnown,
  checkCardIssue,
  issueCard,
  type CardIssueDraft,
} from '../../../renderer/db/cardIssue';
import type { TillDb } from '../../../renderer/db/database';
import { applyPushResults } from '../../../renderer/db/outbox';
import { listRejectedOps } from '../../../renderer/db/rejectedOps';
import { requireMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { draft as saleDraft, enrolledTillDb } from './support';

const schemes = defaultScanConfig.loyaltySchemes;
// EAN-13 in the chain's 299 range with a valid check digit.
const NEW_CARD = '2990000000019';

const form = (overrides: Partial<CardIssueDraft> = {}): CardIssueDraft => ({
  cardNumber: NEW_CARD,
  name: ' Ivan Sidorov ',
  phone: '8 (916) 123-45-67',
  email: ' Ivan@Example.COM ',
  personalData: true,
  marketing: false,
  ...overrides,
});

describe('checking the issue form', () => {
  it('normalizes what the cashier typed into a payload the server schema accepts', () => {
    const checked = checkCardIssue(form(), schemes, new Date('2025-03-01T10:00:00Z'));
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    expect(checked.issue).toMatchObject({
      cardNumber: NEW_CARD,
      name: 'Ivan Sidorov',
      phone: '+79161234567',
      email: 'ivan@example.com',
      consents: {
        personalData: { granted: true, at: '2025-03-01T10:00:00.000Z' },
        marketing: { granted: false, at: '2025-03-01T10:00:00.000Z' },
      },
    });
    expect(parseUnknown(cardIssueSchema, JSON.parse(JSON.stringify(checked.issue))).ok).toBe(true);
  });

  it('accepts a phone alone or an email alone', () => {
    expect(checkCardIssue(form({ email: '' }), schemes).ok).toBe(true);
    expect(checkCardIssue(form({ phone: '' }), schemes).ok).toBe(true);
  });

  it('names every field that is wrong', () => {
    expect(checkCardIssue(form({ cardNumber: '2990000000018' }), schemes)).toEqual({
      ok: false,
      problems: { cardNumber: 'issue.err.cardCheck' },
    });
    expect(checkCardIssue(form({ cardNumber: '4601234567893' }), schemes)).toEqual({
      ok: false,
      problems: { cardNumber: 'issue.err.cardScheme' },
    });
    expect(checkCardIssue(form({ phone: '12345', email: 'nope' }), schemes)).toEqual({
      ok: false,
      problems: { phone: 'issue.err.phone', email: 'issue.err.email' },
    });
    expect(checkCardIssue(form({ phone: ' ', email: '' }), schemes)).toEqual({
      ok: false,
      problems: { contact: 'issue.err.contact' },
    });
    expect(checkCardIssue(form({ personalData: false, marketing: true }), schemes)).toEqual({
      ok: false,
      problems: { personalData: 'issue.err.consent' },
    });
  });
});

describe('issuing a card on the till', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  const checked = () => {
    const result = checkCardIssue(form(), schemes);
    if (!result.ok) throw new Error('form refused');
    return result.issue;
  };

  it('queues card.issue and puts the card in the card list in one step, before a sale with it', async () => {
    const issue = checked();
    const issued = await issueCard(db, issue);
    expect(await db.cards.get(NEW_CARD)).toEqual({
      number: NEW_CARD,
      customerId: issue.customerId,
      maskedName: 'Ivan S.',
      status: 'active',
    });
    const sale = await recordSale(db, { ...saleDraft(), cardNumber: NEW_CARD });
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((o) => [o.seq, o.kind])).toEqual([
      [issued.seq, 'card.issue'],
      [sale.seq, 'sale.record'],
    ]);
    expect(sale.seq).toBe(issued.seq + 1);
    expect(outbox[0]).toMatchObject({ schemaVersion: 1, payload: issue, payloadHash: payloadHash(issue) });
  });

  it('refuses a card the till already knows and writes nothing', async () => {
    await issueCard(db, checked());
    const before = await requireMeta(db, 'counters');
    await expect(issueCard(db, checked())).rejects.toBeInstanceOf(CardAlreadyKnown);
    expect(await db.outbox.count()).toBe(1);
    expect(await requireMeta(db, 'counters')).toEqual(before);
  });

  it('lists a card_taken answer with the card number for the attention list', async () => {
    const issued = await issueCard(db, checked());
    await applyPushResults(db, [
      {
        opId: issued.opId,
        seq: issued.seq,
        status: 'rejected',
        reason: 'card_taken',
        detail: `card ${NEW_CARD} was issued to another customer first`,
        quarantined: false,
      },
    ]);
    const [row] = await listRejectedOps(db);
    expect(row).toMatchObject({
      kind: 'card.issue',
      reason: 'card_taken',
      cardNumber: NEW_CARD,
      receiptNo: null,
    });
  });
});
