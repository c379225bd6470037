import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusBar } from '../../../renderer/app/StatusBar';
import { setLang } from '../../../renderer/app/i18n';
import { TillContext } from '../../../renderer/app/tillContext';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { requireMeta, setMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { SyncEngine } from '../../../renderer/sync/syncEngine';
import { createEnrolmentCode } from '../../../server/devices/enrolment';
import { createHttpServer } from '../../../server/http';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTestDb, type TestDb } from '../../server/support/databases';
import { adminCaller, publicCaller } from '../../server/support/chain';
import { createStore } from '../../../server/hq/stores';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('a till revoked from HQ', () => {
  let t: TestDb;
  let server: Server;
  let requests: string[];
  let db: TillDb;
  let storeId: string;
  let root: Root;
  let host: HTMLElement;
  let sync: SyncEngine;

  const enrol = async () => {
    const { code } = await createEnrolmentCode(t.db, storeId, 60);
    return publicCaller(t.db).device.enroll({ code, name: 'Till 1' });
  };

  beforeEach(async () => {
    setLang('en');
    t = await openTestDb('sqlite');
    const store = await createStore(t.db, { code: 'MSK-01', name: 'Moscow', currency: 'RUB' });
    if (!store.ok) throw new Error('no store');
    storeId = store.id;
    await t.db.kysely
      .insertInto('products')
      .values({ id: 'p1', gtin: '4601234567893', name: 'Milk 1 l', price_minor: 8990, updated_at: '' })
      .execute();
    server = createHttpServer({ db: t.db });
    requests = [];
    server.on('request', (req: { method?: string; url?: string }) => {
      if (req.method !== 'OPTIONS') requests.push(req.url ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const enrolled = await enrol();
    db = openTillDb(`till-${uuidv7()}`);
    await db.open();
    await setMeta(db, 'device', {
      deviceId: enrolled.deviceId,
      name: 'Till 1',
      token: enrolled.token,
      serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      store: enrolled.store,
      enrolledAt: new Date().toISOString(),
    });
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    sync = new SyncEngine(db, { browserOnline: () => true });
    await act(async () => {
      root.render(
        <TillContext.Provider value={{ db, sync, persisted: true }}>
          <StatusBar />
        </TillContext.Provider>,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
  });
  afterEach(async () => {
    sync.stop();
    act(() => root.unmount());
    host.remove();
    await db.delete();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.dispose();
  });

  const sell = () =>
    recordSale(db, {
      cardNumber: null,
      lines: [
        {
          productId: 'p1',
          gtin: '4601234567893',
          name: 'Milk 1 l',
          quantityMilli: 1000,
          unitPriceMinor: 8990,
        },
      ],
      cashTenderedMinor: 8990,
    });
  const until = async (ready: () => boolean) => {
    for (let i = 0; i < 200 && !ready(); i++) {
      await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    }
  };
  const conn = () => host.querySelector('[data-testid="conn"]')?.textContent ?? '';

  it('is told so, says so at the till, and stops knocking until it is enrolled again', async () => {
    await sell();
    await act(() => sync.syncNow());
    expect(await db.outbox.count()).toBe(0);

    const device = await requireMeta(db, 'device');
    await (await adminCaller(t.db)).hq.revokeDevice({ deviceId: device.deviceId });
    await sell();
    sync.start();
    await until(() => conn().includes('disconnected'));
    expect(conn()).toContain('This till was disconnected by HQ — enrol it again');
    expect(sync.getStatus()).toMatchObject({
      connection: { state: 'refused', refusal: { kind: 'revoked' } },
      nextAttemptAt: null,
    });
    expect(await db.outbox.count()).toBe(1); // the sale stays on the till
    const knocks = requests.length;
    expect(requests.at(-1)).toMatch(/^\/trpc\/sync\.push/);

    // A later sale, the browser's `online` event or "Sync now" send nothing with the revoked token.
    await sell();
    sync.kick();
    await act(() => sync.syncNow());
    expect(requests).toHaveLength(knocks);
    expect(sync.getStatus().nextAttemptAt).toBeNull();

    // With a new token (enrolled again) the till talks to the server again.
    const again = await enrol();
    await setMeta(db, 'device', { ...device, deviceId: again.deviceId, token: again.token });
    await act(() => sync.syncNow());
    expect(requests.length).toBeGreaterThan(knocks);
    expect(sync.getStatus().connection).not.toMatchObject({ refusal: { kind: 'revoked' } });
  });
});
