import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { adoptLocalServerUrl } from './app/localServerUrl';
import { TillContext } from './app/tillContext';
import { openTillDb } from './db/database';
import { SyncEngine } from './sync/syncEngine';
import './theme.css';
import './styles.css';

async function boot() {
  await adoptLocalServerUrl();
  const db = openTillDb();
  await db.open();
  // Ask the browser not to evict the till's data under storage pressure; show when it refuses.
  const persisted = navigator.storage?.persist ? await navigator.storage.persist().catch(() => false) : null;
  const sync = new SyncEngine(db, { storagePersisted: persisted });
  sync.start();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <TillContext.Provider value={{ db, sync, persisted }}>
        <App />
      </TillContext.Provider>
    </StrictMode>,
  );
}

void boot();
