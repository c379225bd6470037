import { uuidv7, VISITOR_ID } from './uuidv7';

export const VISITOR_COOKIE = 'omnitill_vid';
/** Thirteen months, the longest the CNIL and most consent tools accept for an audience cookie. */
export const VISITOR_MAX_AGE_S = 395 * 24 * 60 * 60;
const STORAGE_KEY = 'omnitill.vid';

export type VisitorStore = { cookieDomain?: string | undefined };

/**
 * The first-party visitor id (docs/web-sdk.md §2.2): a cookie on the shop's own domain, mirrored in
 * localStorage. Each copy restores the other, since browsers expire script-set cookies early
 * (Safari after 7 days) and people clear one without the other. Written again on every load, so
 * the cookie's lifetime runs from the last visit.
 */
export function keepVisitorId(doc: Document, storage: Storage | null, options: VisitorStore = {}): string {
  const id = readCookie(doc, VISITOR_COOKIE) ?? readStorage(storage) ?? uuidv7();
  writeCookie(doc, id, options);
  try {
    storage?.setItem(STORAGE_KEY, id);
  } catch {
    // Storage full or denied (private mode): the cookie still holds the id.
  }
  return id;
}

/** Removes both copies, e.g. when the visitor withdraws consent. */
export function forgetVisitorId(doc: Document, storage: Storage | null, options: VisitorStore = {}): void {
  doc.cookie = `${VISITOR_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0${domainPart(options)}`;
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to remove where storage is denied.
  }
}

function readCookie(doc: Document, name: string): string | null {
  for (const part of doc.cookie.split(';')) {
    const [key, value = ''] = part.trim().split('=');
    if (key === name && VISITOR_ID.test(value)) return value;
  }
  return null;
}

function readStorage(storage: Storage | null): string | null {
  try {
    const value = storage?.getItem(STORAGE_KEY) ?? null;
    return value !== null && VISITOR_ID.test(value) ? value : null;
  } catch {
    return null;
  }
}

function writeCookie(doc: Document, id: string, options: VisitorStore): void {
  const secure = doc.location?.protocol === 'https:' ? '; Secure' : '';
  doc.cookie = `${VISITOR_COOKIE}=${id}; Path=/; Max-Age=${VISITOR_MAX_AGE_S}; SameSite=Lax${secure}${domainPart(options)}`;
}

function domainPart(options: VisitorStore): string {
  return options.cookieDomain ? `; Domain=${options.cookieDomain}` : '';
}
