import type { CountryCode } from 'libphonenumber-js';
import { normalizeEmail, normalizePhone } from '../domain/identifiers';
import { isJunkValue, type JunkList } from './junk';

/** The kinds of value that may point at a customer (docs/identity.md §1). */
export const IDENTIFIER_TYPES = ['card', 'phone', 'email', 'shop_account', 'visitor'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** Why a raw value is not used as an identifier. */
export type Unusable = 'invalid' | 'junk';
export type Normalized = { ok: true; value: string } | { ok: false; why: Unusable };

const CARD = /^[0-9A-Z-]{4,40}$/;
/** Our own first-party visitor id is a UUID; other snippets' ids (`_ga`, `_ym_uid`) are digits and dots. */
const VISITOR = /^[0-9a-z][0-9a-z.\-_]{7,63}$/;
const SHOP_ACCOUNT_ID = /^[^\s:][^\s]{0,127}$/u;
const CONNECTION_ID = /^[0-9A-Za-z_-]{1,64}$/;

/**
 * A card number as tills store it: spaces and dashes a person typed are dropped, letters upper-cased
 * (a Caps Lock scanner inverts case); the scheme's own check digit was applied by the till that
 * scanned it (`matchLoyaltyCard`).
 *
 * @example normalizeCard(' 4600 1234-5678 ') // '460012345678'
 * @example normalizeCard('ab12cd') // 'AB12CD'
 */
export function normalizeCard(input: string): string | null {
  const card = input
    .trim()
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  return CARD.test(card) ? card : null;
}

/**
 * A shop account id scoped to the shop connection it belongs to, `<connectionId>:<id>`: account 17
 * of one shop and account 17 of another are two people. Already scoped input is kept as it is.
 *
 * @example normalizeShopAccount(' 17 ', 'shopify-main') // 'shopify-main:17'
 * @example normalizeShopAccount('shopify-main:17', 'shopify-main') // 'shopify-main:17'
 */
export function normalizeShopAccount(input: string, connectionId: string | undefined): string | null {
  if (connectionId === undefined || !CONNECTION_ID.test(connectionId)) return null;
  const trimmed = input.trim().normalize('NFC');
  const id = trimmed.startsWith(`${connectionId}:`) ? trimmed.slice(connectionId.length + 1) : trimmed;
  return SHOP_ACCOUNT_ID.test(id) ? `${connectionId}:${id}` : null;
}

/**
 * A scoped shop account back into the connection and the shop's own account id, as orders store
 * them.
 *
 * @example splitShopAccount('woo:17') // { connectionId: 'woo', accountId: '17' }
 */
export function splitShopAccount(scoped: string): { connectionId: string; accountId: string } {
  const at = scoped.indexOf(':');
  return { connectionId: scoped.slice(0, at), accountId: scoped.slice(at + 1) };
}

/**
 * A visitor id from a first-party cookie, lower-cased; null when it is not shaped like one.
 *
 * @example normalizeVisitor('0190F2A8-6B1C-7D3E-8F40-1A2B3C4D5E6F') // '0190f2a8-6b1c-7d3e-8f40-1a2b3c4d5e6f'
 * @example normalizeVisitor('GA1.2.123.456') // 'ga1.2.123.456'
 */
export function normalizeVisitor(input: string): string | null {
  const id = input.trim().toLowerCase();
  return VISITOR.test(id) ? id : null;
}

/**
 * Any identifier to the key the identity graph matches on, or why it cannot be one. Idempotent:
 * normalizing a normalized value gives it back. Junk (placeholders, the store's own phone in
 * `junk`) is refused after normalizing, so every spelling of it is caught.
 *
 * @example normalizeIdentifier('phone', '8 (912) 345-67-89') // { ok: true, value: '+79123456789' }
 * @example normalizeIdentifier('phone', '8 000 000 00 00') // { ok: false, why: 'invalid' }
 * @example normalizeIdentifier('email', 'Test@Test.com') // { ok: false, why: 'junk' }
 * @example normalizeIdentifier('shop_account', '17', { connectionId: 'woo' }) // { ok: true, value: 'woo:17' }
 * @example normalizeIdentifier('phone', '020 7946 0018', { phoneCountry: 'GB' }) // { ok: true, value: '+442079460018' }
 */
export function normalizeIdentifier(
  type: IdentifierType,
  raw: string,
  options: { connectionId?: string; junk?: JunkList; phoneCountry?: CountryCode } = {},
): Normalized {
  const value = normalizedOrNull(type, raw, options.connectionId, options.phoneCountry);
  if (value === null) return { ok: false, why: 'invalid' };
  if (isJunkValue(type, value, options.junk)) return { ok: false, why: 'junk' };
  return { ok: true, value };
}

function normalizedOrNull(
  type: IdentifierType,
  raw: string,
  connectionId: string | undefined,
  phoneCountry: CountryCode | undefined,
): string | null {
  switch (type) {
    case 'card':
      return normalizeCard(raw);
    case 'phone':
      return normalizePhone(raw, phoneCountry);
    case 'email':
      return normalizeEmail(raw);
    case 'shop_account':
      return normalizeShopAccount(raw, connectionId ?? connectionOf(raw));
    case 'visitor':
      return normalizeVisitor(raw);
  }
}

/** The connection an already scoped shop account names (`woo:17` → `woo`). */
function connectionOf(scoped: string): string | undefined {
  const at = scoped.indexOf(':');
  return at > 0 ? scoped.slice(0, at).trim() : undefined;
}
