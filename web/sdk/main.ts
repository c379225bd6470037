import { createOmnitill, type Omnitill } from './client';

/**
 * `/sdk.js`, the script a shop puts on its pages (docs/web-sdk.md §1). It reads its settings from
 * its own `<script>` tag, replaces the snippet's queueing stub `window.omnitill` with the real
 * function and replays what the page queued before it loaded. Every call returns a promise.
 */
type Command = keyof Omnitill;
type Stub = { (...args: unknown[]): unknown; q?: ArrayLike<unknown>[] };
type Global = Window & { omnitill?: Stub };

const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
const endpoint = script ? new URL(script.src, location.href).origin : location.origin;
const win = window as Global;

if (data.connection) {
  const api = createOmnitill(
    {
      endpoint: data.endpoint ?? endpoint,
      connection: data.connection,
      cookieDomain: data.cookieDomain,
      consentRequired: data.consent === 'required',
      autoPage: data.autoPage !== 'off',
    },
    { window, fetch: window.fetch.bind(window) },
  );
  const queued = win.omnitill?.q ?? [];
  const call: Stub = (command: unknown, ...args: unknown[]) => {
    const method =
      typeof command === 'string' && Object.prototype.hasOwnProperty.call(api, command)
        ? api[command as Command]
        : null;
    if (!method) return Promise.resolve({ ok: false, error: 'unknown_command' });
    return (method as (...a: unknown[]) => unknown)(...args);
  };
  win.omnitill = call;
  for (const args of Array.from(queued)) call(...Array.from(args));
} else {
  // The shop's page is the only place to say what is wrong with the snippet.
  console.warn('omnitill: the <script> tag needs data-connection="<your connection id>"');
}
