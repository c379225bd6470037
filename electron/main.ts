import { join } from 'node:path';
import { app, ipcMain } from 'electron';
import { ScannerManager } from './hardware/deviceManager';
import { loadScannerConfig } from './hardware/scannerConfigStore';
import { registerIpcHandlers } from './ipcHandlers';
import { Journal } from './journal/journal';
import { journalHandlers } from './journal/journalIpc';
import { createSecureWindow } from './window';

// A stable name keeps userData (and the till's IndexedDB) at the same path across releases.
app.setName('OmniTill');

const serverUrl = process.env.OMNITILL_SERVER ?? 'http://127.0.0.1:8787';

// Bundled to CommonJS (dist/electron/main.cjs), where __dirname is the bundle's folder.
void app.whenReady().then(async () => {
  // Never throws: a missing or unusable file means the defaults.
  const { config } = await loadScannerConfig(app.getPath('userData'));
  const manager = new ScannerManager();
  await manager.applyConfig(config);
  // Unsent operations mirrored outside IndexedDB, so a wiped browser storage loses none of them.
  const { journal, report } = await Journal.open(join(app.getPath('userData'), 'journal'));
  if (report.tornBytes > 0 || report.damaged > 0) {
    process.emitWarning(
      `journal: cut ${report.tornBytes} torn bytes, skipped ${report.damaged} damaged records`,
    );
  }
  registerIpcHandlers(ipcMain, {
    ...journalHandlers(journal),
    'app:info': () => ({
      version: app.getVersion(),
      platform: process.platform,
      electron: process.versions.electron ?? '',
    }),
    'scanner:snapshot': () => manager.snapshot(),
  });
  const window = createSecureWindow(join(__dirname, 'preload.cjs'));
  manager.on('scan', (event) => window.webContents.send('scanner:scan', event));
  manager.on('status', (status) => window.webContents.send('scanner:status', status));
  app.once('before-quit', () => {
    void manager.stop();
    void journal.close();
  });
  void window.loadFile(join(__dirname, '../renderer/index.html'), { query: { server: serverUrl } });
});

app.on('window-all-closed', () => app.quit());
