import { BrowserWindow, shell, type BrowserWindowConstructorOptions } from 'electron';

/**
 * Every window of the app is made here, with the secure defaults in one place: an isolated,
 * sandboxed renderer without Node, no navigation away from the app, no new windows (external
 * links go to the system browser).
 */
export function createSecureWindow(
  preloadPath: string,
  options: BrowserWindowConstructorOptions = {},
): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    ...options,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
