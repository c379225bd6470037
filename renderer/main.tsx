import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { DatabaseBlocked } from './app/DatabaseBlocked';
import { adoptLocalServerUrl } from './app/localServerUrl';
import { TillContext } from './app/tillContext';
import { openWaitingVisibly } from './db/connection';
import { openTillDb } from './db/database';
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
  const sync = new SyncEngine(db, { storagePersisted: persisted });
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
