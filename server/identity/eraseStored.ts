import { sql, type Kysely } from 'kysely';
import { splitShopAccount } from '../../shared/identity/normalize';
import type { Database } from '../db/schema';
import { pickupOrderRow } from '../pickup/parts';
import { appendChanges } from '../sync/changeLog';
import { storedEvent } from '../webshop/applyOrder';
import { withoutPerson } from '../webshop/orderIdentity';
import type { ClusterIdentifier } from './graph';
import { scrubJsonText } from './scrubJson';

export type ErasedPerson = {
  members: string[];
  cards: string[];
  identifiers: Pick<ClusterIdentifier, 'type' | 'value'>[];
  /** Names, phones and emails the profiles held. */
  contacts: string[];
};

/**
 * Removes an erased person from the copies the server keeps beside the graph (docs/identity.md
 * §7): their web-shop orders keep amounts, lines and status without contacts, account, visitor id
 * or card, and the stores' desks are sent the order without them; their web events go; stored
 * till operations (quarantined payloads, recorded outcomes) and the shops' webhook bodies already
 * applied are rewritten without personal fields or values. Returns how many rows changed.
 */
export async function eraseStoredCopies(trx: Kysely<Database>, person: ErasedPerson, at: string) {
  const of = (type: string) => person.identifiers.filter((i) => i.type === type).map((i) => i.value);
  const emails = of('email').map((e) => e.toLowerCase());
  const phones = of('phone');
  const visitors = of('visitor');
  const accounts = of('shop_account').map(splitShopAccount);
  const values = [
    ...new Set(
      [
        ...person.cards,
        ...person.identifiers.map((i) => i.value),
        ...person.contacts,
        ...accounts.map((a) => a.accountId),
      ]
        .map((v) => v.trim().toLowerCase())
        .filter((v) => v.length >= 3),
    ),
  ];

  const orders = await trx
    .selectFrom('web_orders')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(person.members.length > 0 ? [eb('customer_id', 'in', person.members)] : []),
        ...(person.cards.length > 0 ? [eb('card_number', 'in', person.cards)] : []),
        ...(emails.length > 0 ? [eb(eb.fn('lower', ['customer_email']), 'in', emails)] : []),
        ...(phones.length > 0 ? [eb('customer_phone', 'in', phones)] : []),
        ...(visitors.length > 0 ? [eb('visitor_id', 'in', visitors)] : []),
        ...accounts.map((a) =>
          eb.and([eb('connection_id', '=', a.connectionId), eb('shop_customer_id', '=', a.accountId)]),
        ),
      ]),
    )
    .execute();
  for (const order of orders) {
    const event = storedEvent(order);
    const scrubbed = {
      customer_email: null,
      customer_phone: null,
      customer_name: null,
      shop_customer_id: null,
      visitor_id: null,
      card_number: null,
      customer_id: null,
      event: event === null ? null : JSON.stringify(withoutPerson(event)),
    };
    await trx.updateTable('web_orders').set(scrubbed).where('id', '=', order.id).execute();
    // The desks hold the order with the masked name and the phone's last digits: send it again.
    const parts = await trx.selectFrom('pickup_parts').selectAll().where('order_id', '=', order.id).execute();
    await trx
      .updateTable('change_log')
      .set({ data: null })
      .where('topic', '=', 'pickup_order')
      .where('entity_id', '=', order.id)
      .execute();
    const changes = [];
    for (const part of parts) {
      changes.push({
        topic: 'pickup_order' as const,
        entityId: order.id,
        storeId: part.store_id,
        data: await pickupOrderRow(trx, { ...order, ...scrubbed }, part),
      });
    }
    await appendChanges(trx, changes, at);
  }
  const orderIds = orders.map((o) => o.id);

  if (visitors.length > 0 || person.members.length > 0) {
    await trx
      .deleteFrom('web_events')
      .where((eb) =>
        eb.or([
          ...(visitors.length > 0 ? [eb('visitor_id', 'in', visitors)] : []),
          ...(person.members.length > 0 ? [eb('customer_id', 'in', person.members)] : []),
        ]),
      )
      .execute();
  }

  const quarantined = await trx
    .selectFrom('quarantined_ops')
    .select(['id as key', 'payload as text'])
    .where((eb) => eb.or(values.map((v) => eb(eb.fn('lower', ['payload']), 'like', `%${v}%`))))
    .$if(values.length === 0, (q) => q.where(sql<boolean>`false`))
    .execute();
  for (const row of quarantined) {
    await trx
      .updateTable('quarantined_ops')
      .set({ payload: scrubJsonText(row.text, values) })
      .where('id', '=', row.key)
      .execute();
  }
  const applied = await trx
    .selectFrom('applied_ops')
    .select(['op_id as key', 'result as text'])
    .where((eb) => eb.or(values.map((v) => eb(eb.fn('lower', ['result']), 'like', `%${v}%`))))
    .$if(values.length === 0, (q) => q.where(sql<boolean>`false`))
    .execute();
  for (const row of applied) {
    await trx
      .updateTable('applied_ops')
      .set({ result: scrubJsonText(row.text, values) })
      .where('op_id', '=', row.key)
      .execute();
  }
  // A delivery still pending is applied later and meets the suppression entries instead.
  const inbox = await trx
    .selectFrom('ingest_inbox')
    .select(['id as key', 'body as text'])
    .where('status', '!=', 'pending')
    .where((eb) =>
      eb.or([
        ...(orderIds.length > 0 ? [eb('order_id', 'in', orderIds)] : []),
        ...values.map((v) => eb(eb.fn('lower', ['body']), 'like', `%${v}%`)),
      ]),
    )
    .$if(values.length === 0 && orderIds.length === 0, (q) => q.where(sql<boolean>`false`))
    .execute();
  for (const row of inbox) {
    await trx
      .updateTable('ingest_inbox')
      .set({ body: scrubJsonText(row.text, values) })
      .where('id', '=', row.key)
      .execute();
  }
  return { orders: orders.length, rewritten: quarantined.length + applied.length + inbox.length };
}
