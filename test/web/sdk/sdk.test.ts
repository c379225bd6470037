import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import { createOmnitill, type SdkConfig } from '../../../web/sdk/client';
import { uuidv7, VISITOR_ID } from '../../../web/sdk/uuidv7';
import { keepVisitorId, VISITOR_COOKIE } from '../../../web/sdk/visitorId';

type Sent = { url: string; init: RequestInit; body: Record<string, unknown> };

/** A shop's page at `url`, and the requests its script sends, answered with `reply`. */
function shopPage(
  url: string,
  reply: (sent: Sent) => { status: number; body: unknown } = () => ({ status: 200, body: { ok: true } }),
) {
  const win = new Window({ url });
  const sent: Sent[] = [];
  const fetchFn = ((input: string, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? init.body : '{}';
    const entry = { url: input, init: init ?? {}, body: JSON.parse(body) as Record<string, unknown> };
    sent.push(entry);
    const answer = reply(entry);
    return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status }));
  }) as typeof fetch;
  return {
    win: win as unknown as globalThis.Window,
    sent,
    fetch: fetchFn,
    close: () => win.happyDOM.close(),
  };
}

const config: SdkConfig = { endpoint: 'https://omnitill.example', connection: 'demo-generic' };
const code = makeLinkCode([7, 3, 30, 1, 0, 12, 19, 5, 22]);

describe('visitor id', () => {
  it('is a UUIDv7 whose first 48 bits are the time it was made', () => {
    const id = uuidv7(Date.UTC(2026, 0, 1));
    expect(id).toMatch(VISITOR_ID);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 1));
  });

  it('is kept in a first-party cookie and in localStorage, and either copy restores the other', async () => {
    const page = shopPage('https://shop.example/catalog');
    const doc = page.win.document;
    const first = keepVisitorId(doc, page.win.localStorage);
    expect(doc.cookie).toContain(`${VISITOR_COOKIE}=${first}`);
    expect(page.win.localStorage.getItem('omnitill.vid')).toBe(first);

    // The browser dropped the cookie (Safari's seven days): the stored copy brings it back.
    doc.cookie = `${VISITOR_COOKIE}=; Path=/; Max-Age=0`;
    expect(keepVisitorId(doc, page.win.localStorage)).toBe(first);
    expect(doc.cookie).toContain(`${VISITOR_COOKIE}=${first}`);

    // Site data cleared but the cookie kept: the cookie brings the stored copy back.
    page.win.localStorage.clear();
    expect(keepVisitorId(doc, page.win.localStorage)).toBe(first);
    expect(page.win.localStorage.getItem('omnitill.vid')).toBe(first);

    // A value that is not ours in either place is replaced, never sent on.
    doc.cookie = `${VISITOR_COOKIE}=null; Path=/`;
    page.win.localStorage.setItem('omnitill.vid', 'anonymous');
    const fresh = keepVisitorId(doc, page.win.localStorage);
    expect(fresh).toMatch(VISITOR_ID);
    expect(fresh).not.toBe(first);
    await page.close();
  });
});

describe('the shop-side client', () => {
  it('reports the page it loads on, then identify and cart, each with the visitor id, as text/plain without credentials', async () => {
    const page = shopPage('https://shop.example/catalog?utm_source=mail');
    page.win.document.title = 'Catalog';
    const omnitill = createOmnitill(config, { window: page.win, fetch: page.fetch });
    const visitorId = omnitill.visitorId();
    expect(visitorId).toMatch(VISITOR_ID);

    expect(await omnitill.identify({ email: 'anna@example.com', shopAccountId: 'u-17' })).toEqual({
      ok: true,
    });
    expect(
      await omnitill.cart({
        currency: 'RUB',
        totalMinor: 17980,
        lines: [{ sku: 'TEA-1', quantity: 2, priceMinor: 8990 }],
      }),
    ).toEqual({ ok: true });

    expect(page.sent.map((s) => s.url)).toEqual([
      'https://omnitill.example/web/v1/demo-generic/events',
      'https://omnitill.example/web/v1/demo-generic/identify',
      'https://omnitill.example/web/v1/demo-generic/events',
    ]);
    for (const s of page.sent) {
      expect(s.init.method).toBe('POST');
      expect(s.init.credentials).toBe('omit');
      expect(new Headers(s.init.headers).get('content-type')).toBe('text/plain');
      expect(s.body.visitorId).toBe(visitorId);
    }
    expect(page.sent[0]?.body.events).toEqual([
      { type: 'page', url: 'https://shop.example/catalog?utm_source=mail', title: 'Catalog' },
    ]);
    expect(page.sent[1]?.body).toEqual({ visitorId, email: 'anna@example.com', shopAccountId: 'u-17' });
    expect(page.sent[2]?.body.events).toEqual([
      {
        type: 'cart',
        currency: 'RUB',
        totalMinor: 17980,
        lines: [{ sku: 'TEA-1', quantity: 2, priceMinor: 8990 }],
      },
    ]);
    await page.close();
  });

  it('redeems the code of a receipt landing page (/l/<code>), a typed code with a slip of case and dashes, or the QR URL', async () => {
    const page = shopPage(`https://shop.example/l/${code}`, () => ({
      status: 200,
      body: {
        ok: true,
        again: false,
        receipt: { receiptNo: 'A1-000042', storeName: 'Store A', totalMinor: 17980, currency: 'RUB' },
      },
    }));
    const omnitill = createOmnitill({ ...config, autoPage: false }, { window: page.win, fetch: page.fetch });
    expect(omnitill.linkCodeHere()).toBe(code);
    const linked = await omnitill.link();
    expect(linked).toMatchObject({ ok: true, receipt: { receiptNo: 'A1-000042' } });
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
    await omnitill.link(typed);
    await omnitill.link(`https://shop.example/l/${code}`);
    expect(page.sent.map((s) => s.body.code)).toEqual([code, code, code]);
    expect(page.sent[0]?.url).toBe('https://omnitill.example/web/v1/demo-generic/link');
    await page.close();
  });

  it('refuses a code with a wrong check symbol without asking the server', async () => {
    const page = shopPage('https://shop.example/account');
    const omnitill = createOmnitill({ ...config, autoPage: false }, { window: page.win, fetch: page.fetch });
    const wrong = code.slice(0, 9) + (code[9] === '0' ? '1' : '0');
    expect(await omnitill.link(wrong)).toEqual({ ok: false, error: 'bad_code' });
    expect(omnitill.linkCodeHere()).toBeUndefined();
    expect(page.sent).toEqual([]);
    await page.close();
  });

  it('passes on the server refusal and its wait', async () => {
    const page = shopPage('https://shop.example/account', () => ({
      status: 429,
      body: { error: 'too_many_requests' },
    }));
    const fetchWithWait = (async (input: string | URL | Request, init?: RequestInit) => {
      await page.fetch(input, init);
      return new Response(JSON.stringify({ error: 'too_many_requests' }), {
        status: 429,
        headers: { 'Retry-After': '60' },
      });
    }) as typeof fetch;
    const omnitill = createOmnitill(
      { ...config, autoPage: false },
      { window: page.win, fetch: fetchWithWait },
    );
    expect(await omnitill.link(code)).toEqual({
      ok: false,
      error: 'too_many_requests',
      retryAfterSeconds: 60,
    });
    await page.close();
  });

  it('keeps and sends nothing until the visitor consents when the shop asks for consent first, and forgets on withdrawal', async () => {
    const page = shopPage('https://shop.example/');
    const omnitill = createOmnitill(
      { ...config, consentRequired: true },
      { window: page.win, fetch: page.fetch },
    );
    expect(omnitill.visitorId()).toBeNull();
    expect(await omnitill.page()).toEqual({ ok: false, error: 'no_consent' });
    expect(page.win.document.cookie).not.toContain(VISITOR_COOKIE);
    expect(page.sent).toEqual([]);

    omnitill.consent(true);
    expect(omnitill.visitorId()).toMatch(VISITOR_ID);
    expect(await omnitill.page()).toEqual({ ok: true });
    expect(page.sent).toHaveLength(1);

    const given = omnitill.visitorId() ?? '';
    omnitill.consent(false);
    expect(omnitill.visitorId()).toBeNull();
    expect(page.win.document.cookie).not.toContain(given);
    expect(page.win.localStorage.getItem('omnitill.vid')).toBeNull();
    await page.close();
  });
});
