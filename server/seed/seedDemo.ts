import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { maskName } from '../../shared/domain/identifiers';
import { nameKey } from '../../shared/identity/nameKey';
import { observe } from '../identity';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { parseJsonText } from '../../shared/validation';
import { hashPassword } from '../auth/secrets';
import type { Kysely } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { publishLoyaltyConfig } from '../loyalty/configs';
import { appendEntry, moveBalance } from '../loyalty/ledger';
import { publishCustomerSummary } from '../loyalty/summary';
import { appendChanges, type Change } from '../sync/changeLog';
import { defaultScanConfig } from '../../shared/barcode';
import { publishScanConfig } from '../hq/scanConfig';
import {
  DEMO_LOYALTY_CONFIG,
  demoCustomers,
  demoLoyaltyStart,
  demoProducts,
  demoMarkedItems,
  demoScaleItems,
} from './demoData';

export const DEMO_STORES = [
  { code: 'MSK-01', name: 'Moscow, Tverskaya 12', currency: 'RUB' },
  { code: 'SPB-01', name: 'Saint Petersburg, Nevsky 48', currency: 'RUB' },
] as const;
export const DEMO_ADMIN_EMAIL = 'admin@demo.omnitill.org';

export type SeedResult = { created: boolean; adminEmail: string; adminPassword: string | null };

/**
 * Loads the demo chain once. The demo stores' codes are unique, so a second run (or a second
 * server process starting at the same moment) finds them and writes nothing.
 */
export async function seedDemo(
  db: Db,
  dataDir: string,
  sizes = { products: 300, customers: 300 },
): Promise<SeedResult> {
  const credentialsFile = join(dataDir, 'demo-admin.json');
  const exists = await db.kysely
    .selectFrom('stores')
    .select('id')
    .where('code', '=', DEMO_STORES[0].code)
    .executeTakeFirst();
  if (exists)
    return { created: false, adminEmail: DEMO_ADMIN_EMAIL, adminPassword: readPassword(credentialsFile) };

  const password = randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  const now = new Date().toISOString();
  try {
    await db.kysely.transaction().execute(async (trx) => {
      const changes: Change[] = [];
      for (const store of DEMO_STORES) {
        const id = uuidv7();
        await trx
          .insertInto('stores')
          .values({ id, ...store, created_at: now })
          .execute();
        changes.push({ topic: 'store', entityId: id, storeId: id, data: { id, ...store } });
      }
      await trx
        .insertInto('hq_users')
        .values({
          id: uuidv7(),
          email: DEMO_ADMIN_EMAIL,
          name: 'Demo Admin',
          role: 'admin',
          password_hash: passwordHash,
          created_at: now,
        })
        .execute();

      // The scale and marked items are part of the requested size, so a catalog of N stays N.
      const special = [...demoScaleItems(), ...demoMarkedItems()].slice(0, sizes.products);
      const products = [...demoProducts(sizes.products - special.length), ...special].map((p) => ({
        id: uuidv7(),
        ...p,
      }));
      for (let i = 0; i < products.length; i += 500) {
        await trx
          .insertInto('products')
          .values(
            products.slice(i, i + 500).map((p) => ({
              id: p.id,
              gtin: p.gtin,
              name: p.name,
              price_minor: p.priceMinor,
              item_code: p.itemCode ?? null,
              marked: p.marked ? 1 : 0,
              updated_at: now,
            })),
          )
          .execute();
      }
      for (const p of products) changes.push({ topic: 'product', entityId: p.id, storeId: null, data: p });

      const customers = demoCustomers(sizes.customers).map((c) => ({ id: uuidv7(), ...c }));
      for (let i = 0; i < customers.length; i += 500) {
        const chunk = customers.slice(i, i + 500);
        await trx
          .insertInto('customers')
          .values(
            chunk.map((c) => ({
              id: c.id,
              display_name: c.name,
              phone: c.phone,
              email: c.email,
              created_at: now,
              name_key: nameKey(c.name),
            })),
          )
          .execute();
        await trx
          .insertInto('cards')
          .values(
            chunk.map((c) => ({
              number: c.cardNumber,
              customer_id: c.id,
              status: 'active' as const,
              issued_at: now,
            })),
          )
          .execute();
      }
      for (const c of customers) {
        // Into the identity graph as a till's card issue would put them: card in hand, contacts typed.
        await observe(
          trx,
          {
            identifiers: [
              { type: 'card', value: c.cardNumber, verified: true },
              ...(c.phone ? [{ type: 'phone' as const, value: c.phone, verified: false }] : []),
              ...(c.email ? [{ type: 'email' as const, value: c.email, verified: false }] : []),
            ],
            evidence: 'card_issue',
            sourceRef: `customer:${c.id}`,
          },
          { newCustomerId: c.id },
        );
        changes.push({
          topic: 'card',
          entityId: c.cardNumber,
          storeId: null,
          data: { number: c.cardNumber, customerId: c.id, maskedName: maskName(c.name), status: 'active' },
        });
      }
      await appendChanges(trx, changes, now);
      // HQ sees (and edits) the configuration the tills read with, from version 1.
      await saveScanConfigIn(trx, now);

      // Points go through the ledger like any others, so the balances equal the sum of entries.
      await publishLoyaltyConfig(trx, DEMO_LOYALTY_CONFIG, now);
      for (const [n, c] of customers.entries()) {
        const start = demoLoyaltyStart(n);
        await moveBalance(trx, c.id, 0, start.spendMinor, now);
        if (start.points > 0) {
          await appendEntry(
            trx,
            {
              customerId: c.id,
              cardNumber: c.cardNumber,
              kind: 'adjustment',
              points: start.points,
              sourceId: `demo-welcome-${c.id}`,
              note: 'Demo welcome points',
            },
            now,
          );
        }
        await publishCustomerSummary(trx, c.id, now, DEMO_LOYALTY_CONFIG);
      }
    });
  } catch (error) {
    // Another process seeded in the meantime: theirs stands.
    if (isUniqueViolation(error))
      return { created: false, adminEmail: DEMO_ADMIN_EMAIL, adminPassword: readPassword(credentialsFile) };
    throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(credentialsFile, JSON.stringify({ email: DEMO_ADMIN_EMAIL, password }, null, 2), {
    mode: 0o600,
  });
  return { created: true, adminEmail: DEMO_ADMIN_EMAIL, adminPassword: password };
}

async function saveScanConfigIn(trx: Kysely<Database>, now: string): Promise<void> {
  const saved = await publishScanConfig(trx, defaultScanConfig, 0, null, now);
  if (!saved.ok) throw new Error('demo scan configuration: a version already exists');
}

function readPassword(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null; // missing or unreadable: the password is simply not known here
  }
  const parsed = parseJsonText(z.object({ password: z.string() }), text);
  return parsed.ok ? parsed.value.password : null;
}
