import { linkCodeInPath, readTypedCode } from './linkCodeInPage';
import { forgetVisitorId, keepVisitorId } from './visitorId';

export type SdkConfig = {
  /** The OmniTill server's origin, e.g. `https://omnitill.example`. */
  endpoint: string;
  connection: string;
  cookieDomain?: string | undefined;
  /** Nothing is kept or sent until `consent(true)` (docs/web-sdk.md §2.3). */
  consentRequired?: boolean;
  /** Report the page it loads on (default true). */
  autoPage?: boolean;
};

export type Identify = {
  shopAccountId?: string;
  email?: string;
  phone?: string;
  /** From the shop's server: `{ ts, sig }` as docs/web-sdk.md §3.2 says. */
  signature?: { ts: number; sig: string };
};

export type CartLine = { sku: string; name?: string; quantity: number; priceMinor: number };
export type Cart = { cartId?: string; currency: string; totalMinor: number; lines: CartLine[] };

export type Receipt = { receiptNo: string; storeName: string; totalMinor: number; currency: string };

export type Result<T = object> =
  ({ ok: true } & T) | { ok: false; error: string; retryAfterSeconds?: number };

export type Omnitill = {
  visitorId: () => string | null;
  consent: (granted: boolean) => void;
  identify: (who: Identify) => Promise<Result<{ verified: boolean }>>;
  page: (page?: { url?: string; title?: string }) => Promise<Result>;
  cart: (cart: Cart) => Promise<Result>;
  /** A typed code, the receipt QR's URL, or nothing: the code in this page's own address. */
  link: (codeOrUrl?: string) => Promise<Result<{ again: boolean; receipt: Receipt }>>;
  /** The code in this page's address when it is a receipt landing (`/l/<code>`), else undefined. */
  linkCodeHere: () => string | undefined;
};

export type Env = { window: Window; fetch: typeof fetch };

/**
 * The shop-side client. Everything it sends goes to the connection's endpoints as a `text/plain`
 * POST without credentials, so no preflight is needed and no cookie of the server's rides along;
 * the visitor id travels in the body.
 */
export function createOmnitill(config: SdkConfig, env: Env): Omnitill {
  const { window: win } = env;
  const storage = safeStorage(win);
  let visitorId: string | null = null;
  const start = () => {
    visitorId = keepVisitorId(win.document, storage, { cookieDomain: config.cookieDomain });
  };
  if (!config.consentRequired) start();

  const base = `${config.endpoint.replace(/\/+$/, '')}/web/v1/${encodeURIComponent(config.connection)}`;
  async function send<T extends object>(action: string, body: object): Promise<Result<T>> {
    if (visitorId === null) return { ok: false, error: 'no_consent' };
    try {
      const response = await env.fetch(`${base}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ ...body, visitorId }),
        credentials: 'omit',
        keepalive: true,
      });
      const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) return { ...(answer as T), ok: true };
      const retry = Number(response.headers.get('retry-after'));
      return {
        ok: false,
        error: typeof answer.error === 'string' ? answer.error : `http_${response.status}`,
        ...(retry > 0 ? { retryAfterSeconds: retry } : {}),
      };
    } catch {
      return { ok: false, error: 'network' };
    }
  }

  const api: Omnitill = {
    visitorId: () => visitorId,
    consent: (granted) => {
      if (granted) start();
      else {
        forgetVisitorId(win.document, storage, { cookieDomain: config.cookieDomain });
        visitorId = null;
      }
    },
    identify: (who) => send('identify', pick(who, ['shopAccountId', 'email', 'phone', 'signature'])),
    page: (page = {}) =>
      send('events', {
        events: [
          {
            type: 'page',
            url: page.url ?? win.location.href,
            title: page.title ?? win.document.title,
            ...(win.document.referrer ? { referrer: win.document.referrer } : {}),
          },
        ],
      }),
    cart: (cart) => send('events', { events: [{ type: 'cart', ...cart }] }),
    link: (codeOrUrl) => {
      const code = codeOrUrl === undefined ? api.linkCodeHere() : readTypedCode(codeOrUrl);
      if (code === undefined) return Promise.resolve({ ok: false, error: 'bad_code' });
      return send('link', { code });
    },
    linkCodeHere: () => linkCodeInPath(win.location.pathname),
  };
  if (config.autoPage !== false && visitorId !== null) void api.page();
  return api;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

function safeStorage(win: Window): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}
