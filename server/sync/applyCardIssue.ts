import type { Kysely } from 'kysely';
import type { CardIssue } from '../../shared/domain/cardIssue';
import { maskName, normalizeEmail, normalizePhone } from '../../shared/domain/identifiers';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { nameKey } from '../../shared/identity/nameKey';
import { observe } from '../identity';
import { isSuppressed } from '../identity/suppression';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import type { ApplyContext, DeviceScope } from './applySale';
import { appendChanges } from './changeLog';

/**
 * Records a card a till issued to a new customer: the customer, the card and both consents, in
 * the push's transaction. Conditional: the card number is the arbiter. Two tills that issued the
 * same card offline both reach here; the first to commit has it, the other is `card_taken`, its
 * customer's details kept in `card_issue_conflicts` for HQ. Under a race the primary key
 * on `cards.number` refuses the second insert and the push retries, which then finds the card.
 */
export async function applyCardIssue(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  issue: CardIssue,
  { receivedAt }: ApplyContext,
): Promise<OpOutcome> {
  const taken = await trx
    .selectFrom('cards')
    .select(['number', 'issued_at'])
    .where('number', '=', issue.cardNumber)
    .executeTakeFirst();
  if (taken) {
    // The refused customer's details stay on the server for HQ, not only on the till.
    await trx
      .insertInto('card_issue_conflicts')
      .values({
        op_id: opId,
        card_number: issue.cardNumber,
        store_id: scope.storeId,
        device_id: scope.deviceId,
        payload: JSON.stringify(issue),
        received_at: receivedAt,
      })
      .execute();
    return {
      outcome: 'rejected',
      reason: 'card_taken',
      detail: `card ${issue.cardNumber} was issued to another customer first (${taken.issued_at})`,
    };
  }
  // A card issue queued on a till before its holder was erased must not bring them back.
  if (await isSuppressed(trx, 'card', issue.cardNumber)) {
    return {
      outcome: 'rejected',
      reason: 'card_erased',
      detail: `card ${issue.cardNumber} belonged to an erased customer`,
    };
  }
  const existingCustomer = await trx
    .selectFrom('customers')
    .select('id')
    .where('id', '=', issue.customerId)
    .executeTakeFirst();
  if (existingCustomer) {
    return {
      outcome: 'rejected',
      reason: 'customer_id_taken',
      detail: `customer ${issue.customerId} already exists`,
    };
  }
  // The schema already holds normalized values; normalizing again keeps the stored key this
  // server's rule even for a till running older rules.
  const typedPhone = issue.phone === null ? null : normalizePhone(issue.phone);
  const typedEmail = issue.email === null ? null : normalizeEmail(issue.email);
  if ((issue.phone !== null && typedPhone === null) || (issue.email !== null && typedEmail === null)) {
    return { outcome: 'rejected', reason: 'invalid_identifier', detail: 'phone or email does not normalize' };
  }
  // An erased person's phone or email is not stored again from a card issue: it may be a replay.
  const phone = typedPhone !== null && !(await isSuppressed(trx, 'phone', typedPhone)) ? typedPhone : null;
  const email = typedEmail !== null && !(await isSuppressed(trx, 'email', typedEmail)) ? typedEmail : null;
  const name = issue.name ?? '';

  await trx
    .insertInto('customers')
    .values({
      id: issue.customerId,
      display_name: name,
      phone,
      email,
      created_at: receivedAt,
      name_key: nameKey(name),
    })
    .execute();
  await trx
    .insertInto('cards')
    .values({
      number: issue.cardNumber,
      customer_id: issue.customerId,
      status: 'active',
      issued_at: receivedAt,
      issued_store_id: scope.storeId,
      issued_device_id: scope.deviceId,
    })
    .execute();
  const consents = [
    ['personal_data', issue.consents.personalData],
    ['marketing', issue.consents.marketing],
  ] as const;
  await trx
    .insertInto('customer_consents')
    .values(
      consents.map(([kind, consent]) => ({
        id: uuidv7(),
        customer_id: issue.customerId,
        kind,
        granted: consent.granted ? 1 : 0,
        given_at: consent.at,
        received_at: receivedAt,
        source: 'till',
        store_id: scope.storeId,
        device_id: scope.deviceId,
        op_id: opId,
      })),
    )
    .execute();
  // The card is in hand; a phone or email the cashier typed is a claim until verified.
  await observe(
    trx,
    {
      identifiers: [
        { type: 'card', value: issue.cardNumber, verified: true },
        ...(phone !== null ? [{ type: 'phone' as const, value: phone, verified: false }] : []),
        ...(email !== null ? [{ type: 'email' as const, value: email, verified: false }] : []),
      ],
      evidence: 'card_issue',
      sourceRef: `card_issue:${opId}`,
    },
    { newCustomerId: issue.customerId },
  );
  await appendChanges(
    trx,
    [
      {
        topic: 'card',
        entityId: issue.cardNumber,
        storeId: null,
        data: {
          number: issue.cardNumber,
          customerId: issue.customerId,
          maskedName: maskName(name),
          status: 'active',
        },
      },
    ],
    receivedAt,
  );
  return { outcome: 'applied', entityId: issue.cardNumber };
}
