import { cardIssueSchema } from '../../shared/domain/cardIssue';
import { maskEmail, maskName, maskPhone } from '../../shared/domain/identifiers';
import { parseJsonText } from '../../shared/validation';
import type { StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';

/** One side of a conflict: the customer a till registered with the card, with personal data masked. */
export type ConflictSide = {
  storeName: string | null;
  deviceName: string | null;
  customerId: string | null;
  maskedName: string;
  maskedPhone: string | null;
  maskedEmail: string | null;
  /** The till's clock when the card was handed out, as the till sent it. */
  tillTime: string | null;
  receivedAt: string;
};

export type CardConflict = {
  opId: string;
  cardNumber: string;
  /** Who has the card: the issue the server recorded first. */
  holder: ConflictSide | null;
  /** The issue refused with `card_taken`; its customer has no card on the server. */
  refused: ConflictSide;
  /** Sales the refused till made with this card, which the server credited to the holder. */
  refusedTillSales: number;
};

/**
 * Card issues refused because another till had issued the same card first (`card_taken`), newest
 * first by when the server refused them. A store manager sees those where either till is theirs.
 */
export async function cardConflicts(db: Db, scope: StoreScope, limit: number): Promise<CardConflict[]> {
  if (scope.kind === 'stores' && scope.storeIds.length === 0) return [];
  const k = db.kysely;
  const rows = await k
    .selectFrom('card_issue_conflicts as c')
    .innerJoin('devices as rd', 'rd.id', 'c.device_id')
    .innerJoin('stores as rs', 'rs.id', 'c.store_id')
    .leftJoin('cards', 'cards.number', 'c.card_number')
    .leftJoin('customers', 'customers.id', 'cards.customer_id')
    .leftJoin('devices as hd', 'hd.id', 'cards.issued_device_id')
    .leftJoin('stores as hs', 'hs.id', 'cards.issued_store_id')
    .select([
      'c.op_id',
      'c.card_number',
      'c.payload',
      'c.received_at',
      'c.device_id',
      'rd.name as refused_device',
      'rs.name as refused_store',
      'cards.customer_id as holder_id',
      'cards.issued_at as holder_received_at',
      'cards.issued_store_id',
      'customers.display_name as holder_name',
      'customers.phone as holder_phone',
      'customers.email as holder_email',
      'hd.name as holder_device',
      'hs.name as holder_store',
    ])
    .$if(scope.kind === 'stores', (q) =>
      q.where((eb) => {
        const ids = scope.kind === 'stores' ? scope.storeIds : [];
        return eb.or([eb('c.store_id', 'in', ids), eb('cards.issued_store_id', 'in', ids)]);
      }),
    )
    .orderBy('c.received_at', 'desc')
    .orderBy('c.op_id', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  // The till's clock when the holder was handed the card: the personal-data consent a card
  // issue needs is asked for then, and kept with that clock.
  const holderIds = rows.flatMap((r) => (r.holder_id ? [r.holder_id] : []));
  const holderOps = holderIds.length
    ? await k
        .selectFrom('customer_consents')
        .select(['customer_id', 'given_at as wall_time'])
        .where('customer_id', 'in', holderIds)
        .where('kind', '=', 'personal_data')
        .where('source', '=', 'till')
        .orderBy('received_at')
        .orderBy('id')
        .execute()
    : [];
  const sales = await k
    .selectFrom('sales')
    .select(['card_number', 'device_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(
      'card_number',
      'in',
      rows.map((r) => r.card_number),
    )
    .groupBy(['card_number', 'device_id'])
    .execute();
  return rows.map((r) => {
    const payload = parseJsonText(cardIssueSchema, r.payload);
    const issue = payload.ok ? payload.value : null;
    const holderOp = holderOps.find((o) => o.customer_id === r.holder_id);
    return {
      opId: r.op_id,
      cardNumber: r.card_number,
      holder:
        r.holder_id === null
          ? null
          : {
              storeName: r.holder_store,
              deviceName: r.holder_device,
              customerId: r.holder_id,
              maskedName: maskName(r.holder_name ?? ''),
              maskedPhone: r.holder_phone === null ? null : maskPhone(r.holder_phone),
              maskedEmail: r.holder_email === null ? null : maskEmail(r.holder_email),
              tillTime: holderOp?.wall_time ?? null,
              receivedAt: r.holder_received_at ?? '',
            },
      refused: {
        storeName: r.refused_store,
        deviceName: r.refused_device,
        customerId: issue?.customerId ?? null,
        maskedName: maskName(issue?.name ?? ''),
        maskedPhone: issue?.phone ? maskPhone(issue.phone) : null,
        maskedEmail: issue?.email ? maskEmail(issue.email) : null,
        tillTime: issue?.wallTime ?? null,
        receivedAt: r.received_at,
      },
      refusedTillSales: Number(
        sales.find((s) => s.card_number === r.card_number && s.device_id === r.device_id)?.n ?? 0,
      ),
    };
  });
}
