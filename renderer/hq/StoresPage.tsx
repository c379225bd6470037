import { useCallback, useEffect, useState } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime } from './format';

type Overview = HqOutputs['stores'];

/** A sale waiting on a till for more than ten minutes while the till is heard from is an alert. */
const stale = (oldestPendingAt: string | null) =>
  oldestPendingAt !== null && Date.now() - Date.parse(oldestPendingAt) > 10 * 60_000;

/** Stores, their tills and each till's sync health; admins issue enrolment codes here. */
export function StoresPage({ isAdmin }: { isAdmin: boolean }) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [codes, setCodes] = useState<Record<string, { code: string; expiresAt: string }>>({});
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    hq.hq.stores.query().then(setOverview, (e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);

  const newCode = async (storeId: string) => {
    try {
      const code = await hq.hq.createEnrolmentCode.mutate({ storeId, ttlMinutes: 1440 });
      setCodes((c) => ({ ...c, [storeId]: code }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (!overview) return <main className="page">{error && <p className="alert">{error}</p>}</main>;
  return (
    <main className="page">
      {error && <p className="alert">{error}</p>}
      {overview.stores.map((store) => (
        <section key={store.id} className="store">
          <header>
            <h2>
              {store.name} <small className="muted">{store.code}</small>
            </h2>
            {isAdmin && (
              <button type="button" onClick={() => void newCode(store.id)}>
                New enrolment code
              </button>
            )}
          </header>
          {codes[store.id] && (
            <p className="code">
              Enrolment code <b>{codes[store.id]!.code}</b>, valid until{' '}
              {dateTime(codes[store.id]!.expiresAt)}
            </p>
          )}
          <table className="devices">
            <thead>
              <tr>
                <th>Till</th>
                <th>Last seen</th>
                <th>Last push</th>
                <th>Last pull</th>
                <th className="num">Pending</th>
                <th>Oldest pending</th>
                <th className="num">Applied</th>
                <th className="num">Rejected</th>
                <th className="num">Quarantined</th>
                <th>Clock</th>
                <th>Storage</th>
              </tr>
            </thead>
            <tbody>
              {overview.devices
                .filter((d) => d.storeId === store.id)
                .map((d) => (
                  <tr key={d.id}>
                    <td>{d.name}</td>
                    <td>{dateTime(d.lastSeenAt)}</td>
                    <td>{dateTime(d.lastPushAt)}</td>
                    <td>{dateTime(d.lastPullAt)}</td>
                    <td className="num">{d.pendingOps ?? '—'}</td>
                    <td className={stale(d.oldestPendingAt) ? 'warn' : ''}>{dateTime(d.oldestPendingAt)}</td>
                    <td className="num">{d.appliedOps}</td>
                    <td className={`num ${d.rejectedOps ? 'warn' : ''}`}>{d.rejectedOps}</td>
                    <td className={`num ${d.quarantinedOps ? 'warn' : ''}`}>{d.quarantinedOps}</td>
                    <td className={d.clockSkewMs !== null && Math.abs(d.clockSkewMs) > 300_000 ? 'warn' : ''}>
                      {d.clockSkewMs === null ? '—' : `${Math.round(d.clockSkewMs / 1000)} s`}
                    </td>
                    <td className={d.storagePersisted === false ? 'warn' : ''}>
                      {d.storagePersisted === null
                        ? '—'
                        : d.storagePersisted
                          ? 'persistent'
                          : 'may be evicted'}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </main>
  );
}
