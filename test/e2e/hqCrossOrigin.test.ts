import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

/**
 * The page an attacker would lure a signed-in HQ admin to: on another port of the same host, so
 * the browser counts it as the same site and sends the SameSite=Strict cookie along. Only the
 * server's Origin check and its refusal of form bodies stand between it and HQ.
 */
function attackerPage(target: string): string {
  const store = (code: string) => ({ code, name: 'Forged', currency: 'RUB' });
  return `<!doctype html><title>Win a prize</title>
<iframe name="sink" style="display:none"></iframe>
<form id="form" method="POST" enctype="multipart/form-data" target="sink" action="${target}/trpc/hq.createStore">
  <input name="code" value="EVIL-FORM"><input name="name" value="Forged"><input name="currency" value="RUB">
</form>
<form id="logout" method="POST" enctype="multipart/form-data" target="sink" action="${target}/trpc/hq.logout"><input name="x" value="1"></form>
<script>
window.attack = async () => {
  const results = {};
  const post = async (name, init) => {
    try {
      const res = await fetch('${target}/trpc/hq.createStore', { method: 'POST', credentials: 'include', ...init });
      results[name] = res.type === 'opaque' ? 'sent' : res.status;
    } catch (error) {
      results[name] = 'blocked: ' + error.message;
    }
  };
  await post('json', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(${JSON.stringify(store('EVIL-JSON'))}) });
  const form = new FormData();
  for (const [k, v] of Object.entries(${JSON.stringify(store('EVIL-MULTIPART'))})) form.set(k, v);
  await post('multipart', { mode: 'no-cors', body: form });
  await post('text', { mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(${JSON.stringify(store('EVIL-TEXT'))}) });
  await post('urlencoded', { mode: 'no-cors', body: new URLSearchParams(${JSON.stringify(store('EVIL-URLENC'))}) });
  document.getElementById('form').submit();
  await new Promise((r) => setTimeout(r, 500));
  document.getElementById('logout').submit();
  await new Promise((r) => setTimeout(r, 500));
  return results;
};
</script>`;
}

describe.skipIf(chromiumMissing)('an HQ mutation from another origin with the admin cookie', () => {
  let server: ServerProcess;
  let attacker: Server;
  let attackerUrl: string;
  let context: BrowserContext;
  beforeAll(async () => {
    server = await startServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'omnitill-csrf-')));
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackerPage(server.url));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    context = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    attacker?.close();
    await server?.stop();
  });

  const storeCodes = async (page: Page) =>
    page.evaluate(async () => {
      const res = await fetch('/trpc/hq.stores');
      const body = (await res.json()) as { result: { data: { stores: { code: string }[] } } };
      return body.result.data.stores.map((s) => s.code);
    });

  it('is refused, and nothing changes on the server; HQ itself works under its CSP', async () => {
    const hq = await context.newPage();
    const violations: string[] = [];
    hq.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await hq.goto(`${server.url}/hq/`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill('a wrong guess');
    await hq.getByTestId('login-submit').click();
    await expect
      .poll(() => hq.locator('.alert').innerText(), { timeout: 15_000 })
      .toContain('Wrong email or password');
    await hq.getByTestId('login-password').fill(server.adminPassword());
    await hq.getByTestId('login-submit').click();
    await expect.poll(() => hq.getByTestId('customer-query').isVisible(), { timeout: 20_000 }).toBe(true);
    const before = await storeCodes(hq);
    expect(before.length).toBeGreaterThan(0);

    const evil = await context.newPage();
    await evil.goto(attackerUrl);
    const results = await evil.evaluate(() => (window as unknown as { attack(): Promise<unknown> }).attack());
    // The JSON call needs a CORS preflight with credentials, which the server never grants.
    expect((results as { json: unknown }).json).toMatch(/^blocked/);

    // Still signed in (the forged sign-out did nothing), and no store was created.
    expect(await hq.evaluate(async () => (await fetch('/trpc/hq.me')).status)).toBe(200);
    expect(await storeCodes(hq)).toEqual(before);
    await hq.reload();
    await expect.poll(() => hq.getByTestId('customer-query').isVisible(), { timeout: 20_000 }).toBe(true);

    // HQ's own mutations still work from its pages, and an admin sees sign-in failures.
    await hq.getByTestId('nav-attempts').click();
    await expect
      .poll(() => hq.getByTestId('attempts').innerText(), { timeout: 15_000 })
      .toContain('127.0.0.1');
    await screenshot(hq, 'hq-sign-in-attempts');
    await hq.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => hq.getByTestId('login-email').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(violations).toEqual([]);
  });
});
