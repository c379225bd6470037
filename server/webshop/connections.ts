import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { DEFAULT_PHONE_COUNTRY } from '../../shared/domain/identifiers';
import { plainText } from '../../shared/domain/text';
import { parseJsonText } from '../../shared/validation';
import type { Db } from '../db/connect';
import type { Database, Row } from '../db/schema';
import { isUniqueViolation } from '../db/errors';

/**
 * Web-shop connections: who may send us orders, signed with what, and where their pickup locations
 * are in our chain (docs/webshop-ingestion.md §1). Secrets are stored as given, because checking
 * an HMAC needs the key itself; the database is to be protected like the shop's own admin.
 */

export const PLATFORMS = ['generic', 'shopify', 'woocommerce'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A shop's pickup location (by its id, its title, or either) and the store it is. */
export const locationMappingSchema = z
  .object({
    locationId: plainText(64).optional(),
    title: plainText(200).optional(),
    storeId: z.string().uuid(),
  })
  .refine((m) => m.locationId !== undefined || m.title !== undefined, {
    message: 'a location id or title is needed',
  });
export type LocationMapping = z.infer<typeof locationMappingSchema>;

export const connectionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '2–63 lower-case letters, digits or dashes');
/** At least 128 bits of randomness in any usual encoding; shops generate their own. */
export const webhookSecretSchema = z.string().min(16).max(200).pipe(plainText(200));
export const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'an origin: scheme and host, e.g. https://shop.example');

/** A country national phone numbers are read in: ISO 3166 alpha-2 that libphonenumber knows. */
export const phoneCountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. RU')
  .refine((c): c is CountryCode => isSupportedCountry(c), 'a country whose phone numbers are known');

export type Connection = {
  id: string;
  platform: Platform;
  name: string;
  /** The current secret first, then the previous one while a rotation is under way. */
  secrets: string[];
  allowedOrigins: string[];
  outboundUrl: string | null;
  outboundSecret: string;
  holdDays: number;
  locations: LocationMapping[];
  /** Webhooks and web calls are refused from then on; null: enabled. */
  disabledAt: string | null;
  /** The country the shop's national phone numbers are read in. */
  phoneCountry: CountryCode;
};

/** A fresh secret: 32 random bytes, base64url. */
export const newSecret = () => randomBytes(32).toString('base64url');

export function toConnection(row: Row<'webshop_connections'>): Connection {
  const origins = parseJsonText(z.array(z.string()), row.allowed_origins);
  const locations = parseJsonText(z.array(locationMappingSchema), row.locations);
  return {
    id: row.id,
    platform: row.platform,
    name: row.name,
    secrets: row.previous_secret ? [row.secret, row.previous_secret] : [row.secret],
    allowedOrigins: origins.ok ? origins.value : [],
    outboundUrl: row.outbound_url,
    outboundSecret: row.outbound_secret,
    holdDays: Number(row.hold_days),
    locations: locations.ok ? locations.value : [],
    disabledAt: row.disabled_at,
    phoneCountry: phoneCountrySchema.safeParse(row.phone_country).data ?? DEFAULT_PHONE_COUNTRY,
  };
}

export async function findConnection(db: Kysely<Database>, id: string): Promise<Connection | null> {
  const row = await db.selectFrom('webshop_connections').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toConnection(row) : null;
}

export type ConnectionInput = {
  id: string;
  platform: Platform;
  name: string;
  secret?: string;
  allowedOrigins: string[];
  outboundUrl: string | null;
  outboundSecret?: string;
  holdDays: number;
  locations: LocationMapping[];
  phoneCountry?: CountryCode;
};

/** Creates a connection; secrets not given are generated. Returns both, to be shown once. */
export async function createConnection(
  db: Db | Kysely<Database>,
  input: ConnectionInput,
  now = new Date().toISOString(),
): Promise<{ ok: true; secret: string; outboundSecret: string } | { ok: false; reason: 'id_taken' }> {
  const k = 'kysely' in db ? db.kysely : db;
  const secret = input.secret ?? newSecret();
  const outboundSecret = input.outboundSecret ?? newSecret();
  try {
    await k
      .insertInto('webshop_connections')
      .values({
        id: input.id,
        platform: input.platform,
        name: input.name,
        secret,
        previous_secret: null,
        secret_rotated_at: null,
        allowed_origins: JSON.stringify(input.allowedOrigins),
        outbound_url: input.outboundUrl,
        outbound_secret: outboundSecret,
        hold_days: input.holdDays,
        locations: JSON.stringify(input.locations),
        phone_country: input.phoneCountry ?? DEFAULT_PHONE_COUNTRY,
        created_at: now,
        updated_at: now,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'id_taken' };
    throw error;
  }
  return { ok: true, secret, outboundSecret };
}

export type ConnectionUpdate = Partial<
  Pick<ConnectionInput, 'name' | 'allowedOrigins' | 'outboundUrl' | 'holdDays' | 'locations' | 'phoneCountry'>
>;

export async function updateConnection(db: Db, id: string, update: ConnectionUpdate): Promise<boolean> {
  const result = await db.kysely
    .updateTable('webshop_connections')
    .set({
      ...(update.name !== undefined && { name: update.name }),
      ...(update.allowedOrigins !== undefined && { allowed_origins: JSON.stringify(update.allowedOrigins) }),
      ...(update.outboundUrl !== undefined && { outbound_url: update.outboundUrl }),
      ...(update.holdDays !== undefined && { hold_days: update.holdDays }),
      ...(update.locations !== undefined && { locations: JSON.stringify(update.locations) }),
      ...(update.phoneCountry !== undefined && { phone_country: update.phoneCountry }),
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Starts a rotation: a new inbound secret becomes current and the one before stays accepted until
 * the next rotation, so the shop can switch at its own pace; `outbound` rotates our signing secret
 * instead (the shop must switch at once, there is no second key on its side).
 */
export async function rotateSecret(
  db: Db,
  id: string,
  which: 'inbound' | 'outbound',
  secret = newSecret(),
): Promise<{ secret: string } | null> {
  const now = new Date().toISOString();
  const result =
    which === 'inbound'
      ? await db.kysely
          .updateTable('webshop_connections')
          .set((eb) => ({
            previous_secret: eb.ref('secret'),
            secret,
            secret_rotated_at: now,
            updated_at: now,
          }))
          .where('id', '=', id)
          .executeTakeFirst()
      : await db.kysely
          .updateTable('webshop_connections')
          .set({ outbound_secret: secret, updated_at: now })
          .where('id', '=', id)
          .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { secret } : null;
}

/** Disables (refuses its webhooks from now on) or enables a connection again. */
export async function setConnectionEnabled(db: Db, id: string, enabled: boolean): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await db.kysely
    .updateTable('webshop_connections')
    // Disabling twice keeps the first time: it says since when the shop has been refused.
    .set({ disabled_at: enabled ? null : sql<string>`coalesce(disabled_at, ${now})`, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a rotation: only the current secret is accepted from now on. */
export async function dropPreviousSecret(db: Db, id: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('webshop_connections')
    .set({ previous_secret: null, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type ConnectionSummary = Omit<Connection, 'secrets' | 'outboundSecret'> & {
  rotating: boolean;
  secretRotatedAt: string | null;
  createdAt: string;
  inbox: { pending: number; failed: number; lastReceivedAt: string | null };
  outbound: { pending: number; failing: number; delivered: number; oldestPendingAt: string | null };
};

/** Connections for HQ: settings and delivery figures, never the secrets. */
export async function listConnections(db: Db): Promise<ConnectionSummary[]> {
  const rows = await db.kysely.selectFrom('webshop_connections').selectAll().orderBy('id').execute();
  const inbox = await db.kysely
    .selectFrom('ingest_inbox')
    .select((eb) => [
      'connection_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('received_at').as('last'),
    ])
    .groupBy(['connection_id', 'status'])
    .execute();
  const outbound = await db.kysely
    .selectFrom('outbound_events')
    .select((eb) => [
      'connection_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('created_at').as('oldest'),
      eb.fn.sum<number>(eb.case().when('attempts', '>', 0).then(1).else(0).end()).as('failing'),
    ])
    .groupBy(['connection_id', 'status'])
    .execute();
  return rows.map((row) => {
    const { secrets: _s, outboundSecret: _o, ...connection } = toConnection(row);
    const mine = inbox.filter((r) => r.connection_id === row.id);
    const count = (status: string) => Number(mine.find((r) => r.status === status)?.n ?? 0);
    const last = mine.reduce<string | null>(
      (a, r) => (r.last !== null && (a === null || r.last > a) ? r.last : a),
      null,
    );
    const pending = outbound.find((r) => r.connection_id === row.id && r.status === 'pending');
    const delivered = outbound.find((r) => r.connection_id === row.id && r.status === 'delivered');
    return {
      ...connection,
      rotating: row.previous_secret !== null,
      secretRotatedAt: row.secret_rotated_at,
      createdAt: row.created_at,
      inbox: { pending: count('pending'), failed: count('failed'), lastReceivedAt: last },
      outbound: {
        pending: Number(pending?.n ?? 0),
        failing: Number(pending?.failing ?? 0),
        delivered: Number(delivered?.n ?? 0),
        oldestPendingAt: pending?.oldest ?? null,
      },
    };
  });
}
