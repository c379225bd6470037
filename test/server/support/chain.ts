import { canonicalJson } from '../../../shared/domain/canonicalJson';
import { lineTotal } from '../../../shared/domain/money';
import type { Sale } from '../../../shared/domain/sale';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../../shared/sync/protocol';
import { hashPassword } from '../../../server/auth/secrets';
import type { Db } from '../../../server/db/connect';
import { createEnrolmentCode, deviceByToken } from '../../../server/devices/enrolment';
import { createStore } from '../../../server/hq/stores';
import { createContextInner } from '../../../server/trpc/context';
import { createCallerFactory } from '../../../server/trpc/init';
import { appRouter } from '../../../server/trpc/routers/app';

export const createCaller = createCallerFactory(appRouter);
export const publicCaller = (db: Db) => createCaller(createContextInner({ db }));

export async function deviceCaller(db: Db, token: string) {
  const device = await deviceByToken(db, token);
  if (!device) throw new Error('token did not authenticate');
  return createCaller(createContextInner({ db, device }));
}

export async function adminCaller(db: Db) {
  const id = uuidv7();
  const email = `admin-${id}@test.local`;
  await db.kysely
    .insertInto('hq_users')
    .values({
      id,
      email,
      name: 'Test Admin',
      role: 'admin',
      password_hash: await hashPassword('secret-pass'),
      created_at: new Date().toISOString(),
    })
    .execute();
  return createCaller(createContextInner({ db, hqUser: { id, email, name: 'Test Admin', role: 'admin' } }));
}

/** Two stores with one enrolled till each, one product and one customer card. */
export async function setUpChain(db: Db) {
  const storeA = await createStore(db, { code: 'A-1', name: 'Store A', currency: 'RUB' });
  const storeB = await createStore(db, { code: 'B-1', name: 'Store B', currency: 'RUB' });
  if (!storeA.ok || !storeB.ok) throw new Error('stores not created');
  const enrol = async (storeId: string, name: string) => {
    const { code } = await createEnrolmentCode(db, storeId, 60);
    return publicCaller(db).device.enroll({ code, name });
  };
  const tillA = await enrol(storeA.id, 'Till A1');
  const tillB = await enrol(storeB.id, 'Till B1');
  const now = new Date().toISOString();
  await db.kysely
    .insertInto('customers')
    .values({
      id: 'cust-1',
      display_name: 'Anna Petrova',
      phone: '+79120000001',
      email: 'anna@example.com',
      created_at: now,
    })
    .execute();
  await db.kysely
    .insertInto('cards')
    .values({ number: '9900000000017', customer_id: 'cust-1', status: 'active', issued_at: now })
    .execute();
  return {
    storeA: storeA.id,
    storeB: storeB.id,
    tillA: { ...tillA, caller: await deviceCaller(db, tillA.token) },
    tillB: { ...tillB, caller: await deviceCaller(db, tillB.token) },
  };
}

export function makeSale(
  overrides: Partial<Sale> = {},
  items: [price: number, qtyMilli: number][] = [[8990, 2000]],
): Sale {
  const lines = items.map(([price, qty], i) => ({
    lineNo: i + 1,
    productId: `p-${i + 1}`,
    gtin: '4600000000008',
    name: `Item ${i + 1}`,
    quantityMilli: qty,
    unitPriceMinor: price,
    totalMinor: lineTotal(qty, price),
  }));
  const total = lines.reduce((s, l) => s + l.totalMinor, 0);
  return {
    saleId: uuidv7(),
    receiptNo: `R-${Math.floor(Math.random() * 1e9)}`,
    cardNumber: '9900000000017',
    currency: 'RUB',
    lines,
    payments: [{ method: 'cash', amountMinor: total, tenderedMinor: total + 1010, changeMinor: 1010 }],
    totalMinor: total,
    wallTime: new Date().toISOString(),
    ...overrides,
  };
}

export function saleOp(seq: number, sale: Sale = makeSale()): OutboxOp {
  // Through JSON, as it travels, so the hash covers exactly what the server receives.
  const payload = JSON.parse(canonicalJson(sale)) as unknown;
  return {
    seq,
    opId: uuidv7(),
    kind: 'sale.record',
    schemaVersion: 1,
    payload,
    payloadHash: payloadHash(payload),
    wallTime: sale.wallTime,
  };
}

export async function count(
  db: Db,
  table: 'sales' | 'applied_ops' | 'quarantined_ops' | 'device_streams' | 'sale_lines',
) {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
