import { Fragment, useCallback, useEffect, useState } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime } from './format';

type Overview = HqOutputs['stores'];
type Device = Overview['devices'][number];

/** The sync rule: a till clock off by more than five minutes is flagged (its sales still count). */
const CLOCK_SUSPECT_MS = 5 * 60_000;

/** "4 s", "12 min", "3 h 05 min", "2 d 4 h": enough to judge a wait or a clock at a glance. */
function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function ClockCell({ skewMs }: { skewMs: number | null }) {
  if (skewMs === null) {
    return (
      <td
        className="muted"
        title="This till did not send its clock with its last push (an older app version)"
      >
        unknown
      </td>
    );
  }
  const off = Math.abs(skewMs) > CLOCK_SUSPECT_MS;
  return (
    <td className={off ? 'warn' : ''} title="The till's clock against the server's, at its last push">
      {Math.abs(skewMs) < 1000 ? 'in step' : `${duration(skewMs)} ${skewMs > 0 ? 'ahead' : 'behind'}`}
      {off && ' — check the till’s clock'}
    </td>
  );
}

function AttentionRows({ device, columns }: { device: Device; columns: number }) {
  return (
    <tr className="attention-row">
      <td colSpan={columns}>
        <table className="attention" data-testid="device-attention">
          <thead>
            <tr>
              <th>Received</th>
              <th>Seq</th>
              <th>Receipt</th>
              <th>Reason</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {device.attention.map((op) => (
              <tr key={`${op.opId}/${op.seq}`}>
                <td>{dateTime(op.receivedAt)}</td>
                <td className="num">{op.seq}</td>
                <td>{op.receiptNo ?? '—'}</td>
                <td>
                  <code>{op.reason}</code>
                  {op.quarantined && <span className="badge set-aside">set aside</span>}
                </td>
                <td className="detail">{op.detail ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </td>
    </tr>
  );
}

/** A sale waiting on a till for more than ten minutes while the till is heard from is an alert. */
const stale = (oldestPendingAt: string | null) =>
  oldestPendingAt !== null && Date.now() - Date.parse(oldestPendingAt) > 10 * 60_000;

/** Revoking asks once more, naming the till: it cannot be undone, only followed by a new enrolment. */
function RevokeCell({ device, onRevoke }: { device: Device; onRevoke: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <td>
        <button type="button" className="link" onClick={() => setAsking(true)} data-testid="revoke">
          Revoke
        </button>
      </td>
    );
  }
  return (
    <td className="revoke-ask">
      Disconnect {device.name}?{' '}
      <button type="button" className="danger" onClick={() => void onRevoke()} data-testid="revoke-confirm">
        Revoke
      </button>{' '}
      <button type="button" className="link" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </td>
  );
}

/**
 * Stores, their tills and each till's sync health. Admins and store managers (for their stores)
 * issue enrolment codes and revoke tills here.
 */
export function StoresPage({ canManage }: { canManage: boolean }) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const [codes, setCodes] = useState<Record<string, { code: string; expiresAt: string }>>({});
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);

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

  const revoke = async (device: Device) => {
    try {
      await hq.hq.revokeDevice.mutate({ deviceId: device.id });
      setRevoked(device.name);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (!overview) return <main className="page">{error && <p className="alert">{error}</p>}</main>;
  return (
    <main className="page">
      {error && <p className="alert">{error}</p>}
      {revoked && (
        <p className="code" data-testid="revoked">
          {revoked} is disconnected: the server refuses its token and the till says so. Its recorded sales
          stay; to use it again, enrol it with a new code.
        </p>
      )}
      {overview.stores.length === 0 && <p className="muted">No stores are assigned to you yet.</p>}
      {overview.stores.map((store) => (
        <section key={store.id} className="store">
          <header>
            <h2>
              {store.name} <small className="muted">{store.code}</small>
            </h2>
            {canManage && (
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
                <th className="num">Set aside</th>
                <th title="The till's clock against the server's, measured when it last pushed">
                  Clock error
                </th>
                <th title="How long the longest-waiting operation of its last push had waited to reach the server">
                  Waited offline
                </th>
                <th>Storage</th>
                {canManage && <th />}
              </tr>
            </thead>
            <tbody>
              {overview.devices
                .filter((d) => d.storeId === store.id)
                .map((d) => (
                  <Fragment key={d.id}>
                    <tr>
                      <td>{d.name}</td>
                      <td>{dateTime(d.lastSeenAt)}</td>
                      <td>{dateTime(d.lastPushAt)}</td>
                      <td>{dateTime(d.lastPullAt)}</td>
                      <td className="num">{d.pendingOps ?? '—'}</td>
                      <td className={stale(d.oldestPendingAt) ? 'warn' : ''}>
                        {dateTime(d.oldestPendingAt)}
                      </td>
                      <td className="num">{d.appliedOps}</td>
                      <td className={`num ${d.rejectedOps ? 'warn' : ''}`}>
                        {d.attention.length > 0 ? (
                          <button
                            type="button"
                            className="link"
                            data-testid="device-attention-open"
                            aria-expanded={opened === d.id}
                            onClick={() => setOpened(opened === d.id ? null : d.id)}
                          >
                            {d.rejectedOps}
                          </button>
                        ) : (
                          d.rejectedOps
                        )}
                      </td>
                      <td className={`num ${d.quarantinedOps ? 'warn' : ''}`}>{d.quarantinedOps}</td>
                      <ClockCell skewMs={d.clockSkewMs} />
                      <td title="Time between a sale on the till and its arrival here; long waits are offline periods, not clock errors">
                        {d.offlineDelayMs === null ? '—' : duration(d.offlineDelayMs)}
                      </td>
                      <td className={d.storagePersisted === false ? 'warn' : ''}>
                        {d.storagePersisted === null
                          ? '—'
                          : d.storagePersisted
                            ? 'persistent'
                            : 'may be evicted'}
                      </td>
                      {canManage && <RevokeCell device={d} onRevoke={() => revoke(d)} />}
                    </tr>
                    {d.cannotResendFromSeq !== null && (
                      <tr className="attention-row">
                        <td colSpan={canManage ? 13 : 12} className="warn" data-testid="device-cannot-resend">
                          Cannot resend from seq {d.cannotResendFromSeq}: the server lost operations this till
                          had sent (restored from an older backup?) and the till no longer holds them all. Its
                          later sales wait until this is resolved; see docs/operations.md §7.3. Reported{' '}
                          {dateTime(d.statusReportedAt)}.
                        </td>
                      </tr>
                    )}
                    {opened === d.id && <AttentionRows device={d} columns={canManage ? 13 : 12} />}
                  </Fragment>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </main>
  );
}
