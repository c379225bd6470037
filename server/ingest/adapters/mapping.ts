import type { Connection } from '../../webshop/connections';

/**
 * Small helpers the adapters share: platform text made storable, times made comparable, and the
 * connection's location mapping read by title.
 */

// With the `u` flag the surrogate range matches only halves without their partner.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const NOT_PLAIN = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/gu;

/** Text from a shop, with control characters and lone surrogates dropped, trimmed and cut to `max`. */
export function cleanText(value: string, max: number): string {
  // Cut at `max` UTF-16 units (what the schemas count) without splitting a pair into a lone half.
  let out = '';
  for (const char of value.replace(NOT_PLAIN, ' ').trim()) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/** A platform id (numeric or text) as our 64-character id text. */
export function idText(value: string | number): string {
  return cleanText(String(value), 64);
}

/**
 * A platform time as UTC ISO-8601 with milliseconds, so stored times compare as strings; a time
 * without a zone (WooCommerce's `*_gmt` fields) is read as UTC. undefined when it is not a time.
 */
export function isoTime(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

const normalTitle = (title: string) => title.trim().toLowerCase().replace(/\s+/g, ' ');

/** Whether a shipping title names one of the connection's mapped pickup locations. */
export function pickupTitleMatches(connection: Connection, title: string): boolean {
  if (!title.trim()) return false;
  return connection.locations.some(
    (m) => m.title !== undefined && normalTitle(m.title) === normalTitle(title),
  );
}

/** The store a pickup location maps to: by id first, then by title; null when not mapped. */
export function storeForLocation(
  connection: Connection,
  location: { locationId?: string | undefined; locationTitle?: string | undefined },
): string | null {
  if (location.locationId !== undefined) {
    const byId = connection.locations.find((m) => m.locationId === location.locationId);
    if (byId) return byId.storeId;
  }
  if (location.locationTitle !== undefined) {
    const title = normalTitle(location.locationTitle);
    const byTitle = connection.locations.find((m) => m.title !== undefined && normalTitle(m.title) === title);
    if (byTitle) return byTitle.storeId;
  }
  return null;
}

/** UTM tags from a landing URL or path with a query string (`/?utm_source=x`). */
export function attributionFromUrl(url: string | undefined): Partial<Record<UtmKey, string>> {
  if (!url) return {};
  let params: URLSearchParams;
  try {
    params = new URL(url, 'https://shop.invalid').searchParams;
  } catch {
    return {};
  }
  const out: Partial<Record<UtmKey, string>> = {};
  for (const key of UTM_KEYS) {
    const value = params.get(`utm_${key}`);
    if (value) out[key] = value;
  }
  return out;
}

export const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
export type UtmKey = (typeof UTM_KEYS)[number];
