import type { Kysely } from 'kysely';
import type { CardIssue } from '../../shared/domain/cardIssue';
import { maskName, normalizeEmail, normalizePhone } from '../../shared/domain/identifiers';
import { uuidv7 } from '../../shared/domain/uuidv7';
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
  const phone = issue.phone === null ? null : normalizePhone(issue.phone);
  const email = issue.email === null ? null : normalizeEmail(issue.email);
  if ((issue.phone !== null && phone === null) || (issue.email !== null && email === null)) {
    return { outcome: 'rejected', reason: 'invalid_identifier', detail: 'phone or email does not normalize' };
  }
  const name = issue.name ?? '';

  await trx
    .insertInto('customers')
    .values({ id: issue.customerId, display_name: name, phone, email, created_at: receivedAt })
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
