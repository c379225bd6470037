import type Dexie from 'dexie';

/**
 * Two windows of one till share one database, and a newer build in either upgrades it. The window
 * asked to make way (`versionchange`) closes its connection at once, so the upgrade is never
 * blocked by it, and opens again straight away: IndexedDB queues that open behind the upgrade, and
 * Dexie 4 opens a database installed at a higher version than it declares as long as the tables it
 * declares are there, which additive-only versions guarantee. A sale confirmed in between waits for
 * that open and commits after the upgrade, in its one transaction: never lost, never written twice,
 * the seq still gap-free. Reopening eagerly, not on next use, keeps live queries and the push loop
 * going without a click. (Dexie's own default closes too, but reopens only when next used.)
 *
 * A deletion (`newVersion` null) keeps Dexie's default: close, and open again only when used.
 */
export function keepOpenAcrossUpgrades(db: Dexie): void {
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    if (event.newVersion === null) return undefined;
    db.close({ disableAutoOpen: false });
    db.open().catch((error: unknown) => {
      // Left to auto-open on next use, which reports the error where the cashier acts.
      console.error('till database: reopening after an upgrade failed', error);
    });
    // Dexie's default handler would close again and only warn; this one has done the job.
    return false;
  });
}

/**
 * Opens the database; while an upgrade this window makes waits for another window to let go of
 * the old version (`blocked`), `onBlocked` runs so the page can say what it is waiting for instead
 * of staying blank.
 */
export async function openWaitingVisibly(db: Dexie, onBlocked: () => void): Promise<void> {
  db.on('blocked', onBlocked);
  try {
    await db.open();
  } finally {
    db.on('blocked').unsubscribe(onBlocked);
  }
}
