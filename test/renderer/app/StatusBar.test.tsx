import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusBar } from '../../../renderer/app/StatusBar';
import { setLang } from '../../../renderer/app/i18n';
import { TillContext } from '../../../renderer/app/tillContext';
import type { TillDb } from '../../../renderer/db/database';
import { pruneHistory } from '../../../renderer/db/history';
import { requireMeta, setMeta } from '../../../renderer/db/meta';
import { applyPushResults } from '../../../renderer/db/outbox';
import { recordSale } from '../../../renderer/db/sales';
import { SyncEngine } from '../../../renderer/sync/syncEngine';
import { draft, enrolledTillDb } from '../db/support';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('the status bar in the cashier’s words', () => {
  let db: TillDb;
  let root: Root;
  let host: HTMLElement;
  const servers: Server[] = [];

  beforeEach(async () => {
    setLang('en');
    db = await enrolledTillDb();
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(async () => {
    act(() => root.unmount());
    host.remove();
    await db.delete();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const show = async (sync: SyncEngine) => {
    await act(async () => {
      root.render(
        <TillContext.Provider value={{ db, sync, persisted: true }}>
          <StatusBar />
        </TillContext.Provider>,
      );
      await new Promise((resolve) => setTimeout(resolve, 50)); // live queries settle
    });
  };
  /** Lets React and the live queries catch up until the page shows what is expected. */
  const until = async (ready: () => boolean) => {
    for (let i = 0; i < 100 && !ready(); i++) {
      await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    }
  };
  const text = (testId: string) => host.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
  const syncOnce = (sync: SyncEngine) =>
    act(async () => {
      await sync.syncNow();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
  /** A real HTTP server at the till's server address that answers every request the same way. */
  const serverAnswering = async (status: number, type: string, body: string) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-allow-methods': 'GET, POST',
    };
    const server = createServer((req, res) => {
      if (req.method === 'OPTIONS') res.writeHead(204, cors).end();
      else res.writeHead(status, { ...cors, 'content-type': type }).end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const device = await requireMeta(db, 'device');
    await setMeta(db, 'device', {
      ...device,
      serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
  };

  it('says "Connecting…" before the first answer, and that the server has not answered yet', async () => {
    await show(new SyncEngine(db));
    expect(text('conn')).toContain('Connecting…');
    expect(text('last-answer')).toContain('no answer from the server yet');
  });

  it('says offline when the browser has no network, and unreachable when it has', async () => {
    const offline = new SyncEngine(db, { browserOnline: () => false });
    await show(offline);
    await syncOnce(offline);
    expect(text('conn')).toContain('Offline: this computer has no network');

    const online = new SyncEngine(db, { browserOnline: () => true });
    await show(online);
    await syncOnce(online);
    expect(text('conn')).toContain('Server unreachable');
  });

  it('names a server error with its status, and keeps it as the last answer', async () => {
    await recordSale(db, draft());
    await serverAnswering(503, 'text/html', '<h1>Service Unavailable</h1>');
    const sync = new SyncEngine(db);
    await show(sync);
    await syncOnce(sync);
    expect(text('conn')).toContain('Server error (HTTP 503)');
    expect(text('last-answer')).toMatch(/^\d\d:\d\d — Server error \(HTTP 503\)$/);
  });

  it('tells the cashier to update the till when the answer cannot be read', async () => {
    await recordSale(db, draft());
    await serverAnswering(200, 'application/json', JSON.stringify({ result: { data: { v: 2 } } }));
    const sync = new SyncEngine(db);
    await show(sync);
    await syncOnce(sync);
    expect(text('conn')).toContain('The server speaks a newer version: update this till');
  });

  it('says loudly which operations a restored server lost that this till no longer has', async () => {
    // Seq 1 and 2 were recorded long ago and are no longer held; seq 3 waits in the queue.
    const sold = [await recordSale(db, draft()), await recordSale(db, draft())];
    await applyPushResults(
      db,
      sold.map((s) => ({
        opId: s.opId,
        seq: s.seq,
        status: 'applied' as const,
        outcome: { outcome: 'applied' as const, entityId: s.sale.saleId },
      })),
    );
    await pruneHistory(db, new Date(), { keepDays: 30, keepAtLeast: 1, keepAtMost: 1 });
    const queued = await recordSale(db, draft());
    const answer = {
      result: {
        data: {
          results: [{ opId: queued.opId, seq: queued.seq, status: 'gap', expectedSeq: 1 }],
          ackedThroughSeq: 0,
          serverTime: new Date().toISOString(),
        },
      },
    };
    await serverAnswering(200, 'application/json', JSON.stringify(answer));
    const sync = new SyncEngine(db);
    await show(sync);
    await syncOnce(sync);
    const conn = host.querySelector('[data-testid="conn"]')!;
    expect(conn.textContent).toContain(
      'Server lost operations 1; this till no longer has them: call support',
    );
    expect(conn.getAttribute('data-refusal')).toBe('cannotResend');
    expect(conn.className).toContain('bad');
    expect(await db.outbox.count()).toBe(1);
  });

  it('opens the list of sales the server did not take, with reason, detail and receipt', async () => {
    const sale = await recordSale(db, draft());
    await applyPushResults(db, [
      {
        opId: sale.opId,
        seq: sale.seq,
        status: 'rejected',
        reason: 'failed_repeatedly',
        detail: 'failed 5 times on the server; last error: numeric field overflow',
        quarantined: true,
      },
    ]);
    await show(new SyncEngine(db));
    await until(() => host.querySelector('[data-testid="attention-open"]') !== null);
    const open = host.querySelector<HTMLButtonElement>('[data-testid="attention-open"]')!;
    expect(open.textContent).toContain('Needs attention: 1');
    await act(async () => {
      open.click();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    await until(() => host.querySelectorAll('[data-testid="attention-row"]').length > 0);
    const rows = [...host.querySelectorAll('[data-testid="attention-row"]')].map((r) => r.textContent);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(sale.sale.receiptNo);
    expect(rows[0]).toContain('failed_repeatedly');
    expect(rows[0]).toContain('set aside on the server');
    expect(rows[0]).toContain('numeric field overflow');
  });
});
