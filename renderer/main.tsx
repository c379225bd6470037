import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { DatabaseBlocked } from './app/DatabaseBlocked';
import { adoptLocalServerUrl } from './app/localServerUrl';
import { TillContext } from './app/tillContext';
import { openWaitingVisibly } from './db/connection';
import { openTillDb } from './db/database';
import { JournalMirror, reconcileJournal } from './db/journalMirror';
import { journalBridgeOf } from './sync/journalBridge';
import { SyncEngine } from './sync/syncEngine';
import './theme.css';
import './styles.css';

async function boot() {
  const root = createRoot(document.getElementById('root')!);
  await adoptLocalServerUrl();
  const db = openTillDb();
  await openWaitingVisibly(db, () => root.render(<DatabaseBlocked />));
  // Ask the browser not to evict the till's data under storage pressure; show when it refuses.
  const persisted = navigator.storage?.persist ? await navigator.storage.persist().catch(() => false) : null;
  // In the desktop app, unsent operations are mirrored to a journal file outside IndexedDB; a
  // plain browser has none, and nothing claims otherwise (docs/sync-protocol.md §16).
  const bridge = journalBridgeOf(window);
  let mirror: JournalMirror | null = null;
  if (bridge !== null) {
    const restore = await reconcileJournal(db, bridge).catch((error: unknown) => {
      console.error('journal: could not be read at start-up', error);
      return null;
    });
    if (restore?.kind === 'restored') {
      console.warn(`journal: the local database was new; ${restore.operations} unsent operations restored`);
    }
    mirror = new JournalMirror(db, bridge);
    mirror.start();
  }
  const sync = new SyncEngine(db, {
    storagePersisted: persisted,
    ...(mirror && { onAcked: (installId: string, seq: number) => mirror.acked(installId, seq) }),
  });
  sync.start();
  root.render(
    <StrictMode>
      <TillContext.Provider value={{ db, sync, persisted }}>
        <App />
      </TillContext.Provider>
    </StrictMode>,
  );
}

void boot();
