/**
 * The demo shop's pages: plain HTML with one script of its own (shop.js) and OmniTill's
 * `/sdk.js`, included exactly as docs/web-sdk.md §1 tells a shop to.
 */
export type ShopProduct = { sku: string; name: string; priceMinor: number };

export const SHOP_PRODUCTS: ShopProduct[] = [
  { sku: 'TEA-GREEN', name: 'Green tea, 100 g', priceMinor: 34900 },
  { sku: 'MUG-WHITE', name: 'White mug', priceMinor: 59000 },
  { sku: 'HONEY-250', name: 'Linden honey, 250 g', priceMinor: 42000 },
];

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const rub = (minor: number) => `${(minor / 100).toFixed(2)} ₽`;

function layout(title: string, serverUrl: string, connectionId: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Demo Tea Shop</title>
<link rel="stylesheet" href="/shop.css">
<script src="/shop-stub.js"></script>
<script async src="${escape(serverUrl)}/sdk.js" data-connection="${escape(connectionId)}"></script>
<script defer src="/shop.js"></script>
</head>
<body>
<header class="top"><a href="/" class="brand">Demo Tea Shop</a><span id="who" data-testid="shop-who">not signed in</span></header>
<main>${body}</main>
<footer>A demo storefront for OmniTill: it sends page, cart and sign-in events through /sdk.js and pickup orders through the signed generic webhook.</footer>
</body>
</html>`;
}

export function catalogPage(serverUrl: string, connectionId: string): string {
  const products = SHOP_PRODUCTS.map(
    (p) => `<li class="product">
  <span class="name">${escape(p.name)}</span><span class="price">${rub(p.priceMinor)}</span>
  <button type="button" data-add="${escape(p.sku)}" data-testid="add-${escape(p.sku)}">Add to cart</button>
</li>`,
  ).join('\n');
  return layout(
    'Catalog',
    serverUrl,
    connectionId,
    `<section class="catalog"><h1>Catalog</h1><ul class="products">${products}</ul></section>
<section class="cart"><h2>Cart</h2><ul id="cart" data-testid="cart"></ul><p>Total: <b id="cart-total" data-testid="cart-total">0.00 ₽</b></p>
<form id="login" class="row"><input id="email" type="email" placeholder="Email" required data-testid="shop-email"><button type="submit" data-testid="shop-login">Sign in</button></form>
<button type="button" id="order" data-testid="shop-order">Order for pickup at Moscow, Tverskaya 12</button>
<p id="order-result" data-testid="order-result" role="status"></p></section>
<section class="link-code"><h2>Link a receipt</h2><p>Type the code printed under the QR on your receipt.</p>
<form id="link" class="row"><input id="code" placeholder="9T702-CBFKR" data-testid="link-code"><button type="submit" data-testid="link-submit">Link</button></form>
<p id="link-result" data-testid="link-result" role="status"></p></section>`,
  );
}

export function linkLandingPage(serverUrl: string, connectionId: string, code: string): string {
  return layout(
    'Link your receipt',
    serverUrl,
    connectionId,
    `<section class="link-code"><h1>Link your receipt</h1>
<p>Receipt code <b data-testid="landing-code">${escape(code)}</b>. Link this purchase and your loyalty card to your account on this shop.</p>
<button type="button" id="link-here" data-testid="link-here">Link this receipt</button>
<p id="link-result" data-testid="link-result" role="status"></p>
<p><a href="/">Back to the catalog</a></p></section>`,
  );
}

/** Queues calls made before /sdk.js has loaded (docs/web-sdk.md §1). */
export const SHOP_STUB_JS = `window.omnitill=window.omnitill||function(){omnitill.q.push(arguments)};omnitill.q=omnitill.q||[];`;

export const SHOP_JS = `(() => {
  const products = ${JSON.stringify(SHOP_PRODUCTS)};
  const rub = (m) => (m / 100).toFixed(2) + ' ₽';
  const cart = JSON.parse(sessionStorage.getItem('cart') || '{}');
  const $ = (id) => document.getElementById(id);
  const ready = () => new Promise((resolve) => {
    const wait = () => (window.omnitill && !window.omnitill.q ? resolve(window.omnitill) : setTimeout(wait, 50));
    wait();
  });
  const showWho = () => { const who = localStorage.getItem('shop.email'); if (who) $('who').textContent = 'Signed in: ' + who; };
  const renderCart = () => {
    const list = $('cart'); if (!list) return;
    list.innerHTML = '';
    let total = 0;
    for (const [sku, qty] of Object.entries(cart)) {
      const p = products.find((x) => x.sku === sku); if (!p) continue;
      total += p.priceMinor * qty;
      const li = document.createElement('li'); li.textContent = qty + ' × ' + p.name + ' — ' + rub(p.priceMinor * qty); list.appendChild(li);
    }
    $('cart-total').textContent = rub(total);
    return total;
  };
  const cartLines = () => Object.entries(cart).map(([sku, quantity]) => {
    const p = products.find((x) => x.sku === sku);
    return { sku, name: p.name, quantity, priceMinor: p.priceMinor };
  });
  document.addEventListener('click', async (event) => {
    const sku = event.target.getAttribute && event.target.getAttribute('data-add');
    if (!sku) return;
    cart[sku] = (cart[sku] || 0) + 1;
    sessionStorage.setItem('cart', JSON.stringify(cart));
    const total = renderCart();
    const sdk = await ready();
    await sdk('cart', { currency: 'RUB', totalMinor: total, lines: cartLines() });
  });
  $('login') && $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const sdk = await ready();
    const email = $('email').value.trim();
    // The shop's server signs in the customer and vouches for the identify with its secret.
    const res = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, visitorId: sdk('visitorId') }) });
    const who = await res.json();
    await sdk('identify', who);
    localStorage.setItem('shop.email', email);
    showWho();
  });
  $('order') && $('order').addEventListener('click', async () => {
    const sdk = await ready();
    const email = localStorage.getItem('shop.email');
    const res = await fetch('/api/order', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, visitorId: sdk('visitorId'), lines: cartLines() }) });
    const body = await res.json();
    $('order-result').textContent = res.ok ? 'Order ' + body.orderNumber + ' placed for pickup.' : 'Order not placed: ' + body.error;
    if (res.ok) { for (const k of Object.keys(cart)) delete cart[k]; sessionStorage.setItem('cart', '{}'); renderCart(); }
  });
  const linkAnswer = (r) => r.ok
    ? 'Linked: receipt ' + r.receipt.receiptNo + ' from ' + r.receipt.storeName + ', ' + rub(r.receipt.totalMinor) + '.'
    : ({ unknown_code: 'We do not know this code yet. If you bought just now, try again in a few minutes.', expired: 'This code has expired.', already_redeemed: 'This receipt is already linked.', bad_code: 'This is not a receipt code: check it and try again.', too_many_requests: 'Too many tries. Wait a little.', no_card: 'This receipt has no loyalty card to link.' }[r.error] || 'Could not link: ' + r.error);
  $('link') && $('link').addEventListener('submit', async (event) => {
    event.preventDefault();
    const sdk = await ready();
    $('link-result').textContent = linkAnswer(await sdk('link', $('code').value));
  });
  $('link-here') && $('link-here').addEventListener('click', async () => {
    const sdk = await ready();
    $('link-result').textContent = linkAnswer(await sdk('link'));
  });
  renderCart();
  showWho();
})();`;

export const SHOP_CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#faf7f2;color:#2b2b2b}
.top{display:flex;justify-content:space-between;align-items:center;padding:.8rem 1.5rem;background:#2f5d3a;color:#fff}
.top a{color:#fff;text-decoration:none;font-weight:600;font-size:1.15rem}
main{max-width:760px;margin:1.5rem auto;padding:0 1rem;display:grid;gap:1.2rem}
section{background:#fff;border-radius:8px;padding:1rem 1.3rem;box-shadow:0 1px 3px #0001}
h1,h2{margin:.2rem 0 .8rem}
.products{list-style:none;padding:0;margin:0}
.product{display:grid;grid-template-columns:1fr auto auto;gap:1rem;align-items:center;padding:.5rem 0;border-bottom:1px solid #eee}
.price{font-variant-numeric:tabular-nums}
button{background:#2f5d3a;color:#fff;border:0;border-radius:6px;padding:.45rem .9rem;font:inherit;cursor:pointer}
input{font:inherit;padding:.4rem .6rem;border:1px solid #bbb;border-radius:6px;min-width:16rem}
.row{display:flex;gap:.5rem;margin:.6rem 0}
[role=status]{color:#2f5d3a;font-weight:600;min-height:1.4em}
footer{max-width:760px;margin:0 auto 2rem;padding:0 1rem;color:#777;font-size:.85rem}`;
