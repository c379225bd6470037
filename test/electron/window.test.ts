import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron's binary cannot run here, so its module is replaced by a recorder of what our window
// helper asks of it; everything asserted is our own configuration, not the stand-in's behaviour.
const created: {
  options: Record<string, unknown>;
  handlers: Map<string, (...args: unknown[]) => unknown>;
}[] = [];
const opened: string[] = [];
vi.mock('electron', () => ({
  shell: { openExternal: (url: string) => opened.push(url) },
  BrowserWindow: class {
    readonly handlers = new Map<string, (...args: unknown[]) => unknown>();
    readonly webContents = {
      on: (event: string, fn: (...args: unknown[]) => unknown) => this.handlers.set(event, fn),
      setWindowOpenHandler: (fn: (...args: unknown[]) => unknown) => this.handlers.set('window-open', fn),
      getURL: () => 'file:///app/index.html',
    };
    constructor(options: Record<string, unknown>) {
      created.push({ options, handlers: this.handlers });
    }
    once() {}
    show() {}
  },
}));

const { createSecureWindow } = await import('../../electron/window');

describe('the secure window helper', () => {
  beforeEach(() => {
    created.length = 0;
    opened.length = 0;
  });

  it('isolates and sandboxes the renderer without Node', () => {
    createSecureWindow('/app/preload.cjs', { webPreferences: { nodeIntegration: true, sandbox: false } });
    expect(created[0]!.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
  });

  it('refuses navigation away from the app and new windows, sending web links to the system browser', () => {
    createSecureWindow('/app/preload.cjs');
    const { handlers } = created[0]!;
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    handlers.get('will-navigate')!(event, 'https://evil.example/');
    expect(event.prevented).toBe(true);
    expect(handlers.get('window-open')!({ url: 'https://omnitill.org/help' })).toEqual({ action: 'deny' });
    expect(handlers.get('window-open')!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://omnitill.org/help']);
  });
});
