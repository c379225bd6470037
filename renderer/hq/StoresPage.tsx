import { Fragment, useCallback, useEffect, useState } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime } from './format';
import { useHqT, type HqTranslate } from './hqI18n';

type Overview = HqOutputs['stores'];
type Device = Overview['devices'][number];

/** The sync rule: a till clock off by more than five minutes is flagged (its sales still count). */
const CLOCK_SUSPECT_MS = 5 * 60_000;

/**
 * "4 s", "12 min", "3 h 05 min", "2 d 4 h" (or "4 с", "12 мин"…): enough to judge a wait or a clock
 * at a glance. Unit abbreviations do not change with the number, so no plural forms are needed.
 */
function duration(ms: number, t: HqTranslate): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return t('unit.s', { n: s });
  const min = Math.round(s / 60);
  if (min < 60) return t('unit.min', { n: min });
  const h = Math.floor(min / 60);
  if (h < 24) return t('unit.hMin', { h, min: String(min % 60).padStart(2, '0') });
  return t('unit.dH', { d: Math.floor(h / 24), h: h % 24 });
}

function ClockCell({ skewMs, t }: { skewMs: number | null; t: HqTranslate }) {
  if (skewMs === null) {
    return (
      <td className="muted" title={t('stores.clockUnknownHint')}>
        {t('stores.clockUnknown')}
      </td>
    );
  }
  const off = Math.abs(skewMs) > CLOCK_SUSPECT_MS;
  return (
    <td className={off ? 'warn' : ''} title={t('stores.clockHint')}>
      {Math.abs(skewMs) < 1000
        ? t('stores.inStep')
        : t(skewMs > 0 ? 'stores.ahead' : 'stores.behind', { d: duration(skewMs, t) })}
      {off && t('stores.checkClock')}
    </td>
  );
}

function AttentionRows({ device, columns }: { device: Device; columns: number }) {
  const t = useHqT();
  return (
    <tr className="attention-row">
      <td colSpan={columns}>
        <table className="attention" data-testid="device-attention">
          <thead>
            <tr>
              <th>{t('stores.received')}</th>
              <th>{t('stores.seq')}</th>
              <th>{t('stores.receipt')}</th>
              <th>{t('stores.reason')}</th>
              <th>{t('stores.detail')}</th>
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
                  {op.quarantined && <span className="badge set-aside">{t('stores.setAsideBadge')}</span>}
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
  const t = useHqT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <td>
        <button type="button" className="link" onClick={() => setAsking(true)} data-testid="revoke">
          {t('stores.revoke')}
        </button>
      </td>
    );
  }
  return (
    <td className="revoke-ask">
      {t('stores.revokeAsk', { name: device.name })}{' '}
      <button type="button" className="danger" onClick={() => void onRevoke()} data-testid="revoke-confirm">
        {t('stores.revoke')}
      </button>{' '}
      <button type="button" className="link" onClick={() => setAsking(false)}>
        {t('stores.cancel')}
      </button>
    </td>
  );
}

/**
 * Stores, their tills and each till's sync health. Admins and store managers (for their stores)
 * issue enrolment codes and revoke tills here.
 */
export function StoresPage({ canManage }: { canManage: boolean }) {
  const t = useHqT();
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
          {t('stores.revoked', { name: revoked })}
        </p>
      )}
      {overview.stores.length === 0 && <p className="muted">{t('stores.none')}</p>}
      {overview.stores.map((store) => (
        <section key={store.id} className="store">
          <header>
            <h2>
              {store.name} <small className="muted">{store.code}</small>
            </h2>
            {canManage && (
              <button type="button" onClick={() => void newCode(store.id)}>
                {t('stores.newCode')}
              </button>
            )}
          </header>
          {codes[store.id] && (
            <p className="code">
              {t('stores.code')} <b>{codes[store.id]!.code}</b>,{' '}
              {t('stores.validUntil', { at: dateTime(codes[store.id]!.expiresAt) })}
            </p>
          )}
          <table className="devices">
            <thead>
              <tr>
                <th>{t('stores.till')}</th>
                <th>{t('stores.lastSeen')}</th>
                <th>{t('stores.lastPush')}</th>
                <th>{t('stores.lastPull')}</th>
                <th className="num">{t('stores.pending')}</th>
                <th>{t('stores.oldestPending')}</th>
                <th className="num">{t('stores.applied')}</th>
                <th className="num">{t('stores.rejected')}</th>
                <th className="num">{t('stores.setAside')}</th>
                <th title={t('stores.clockErrorHint')}>{t('stores.clockError')}</th>
                <th title={t('stores.waitedHint')}>{t('stores.waited')}</th>
                <th>{t('stores.storage')}</th>
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
                      <ClockCell skewMs={d.clockSkewMs} t={t} />
                      <td title={t('stores.waitHint')}>
                        {d.offlineDelayMs === null ? '—' : duration(d.offlineDelayMs, t)}
                      </td>
                      <td className={d.storagePersisted === false ? 'warn' : ''}>
                        {d.storagePersisted === null
                          ? '—'
                          : d.storagePersisted
                            ? t('stores.persistent')
                            : t('stores.mayBeEvicted')}
                      </td>
                      {canManage && <RevokeCell device={d} onRevoke={() => revoke(d)} />}
                    </tr>
                    {d.cannotResendFromSeq !== null && (
                      <tr className="attention-row">
                        <td colSpan={canManage ? 13 : 12} className="warn" data-testid="device-cannot-resend">
                          {t('stores.cannotResend', {
                            seq: d.cannotResendFromSeq,
                            at: dateTime(d.statusReportedAt),
                          })}
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
