import { useEffect, useState } from 'react';
import { dateTime } from './format';
import { useHqT } from './hqI18n';
import { errorText, hq, type HqOutputs } from './hqClient';

type Row = HqOutputs['signInAttempts']['recent'][number];

/** Failed sign-ins and enrolments per account and address, newest first; lockouts in force stand out. */
export function SignInAttemptsPage() {
  const t = useHqT();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    hq.hq.signInAttempts.recent.query().then(setRows, (e: unknown) => setError(errorText(e)));
  }, []);

  return (
    <main className="page">
      <h2>{t('attempts.title')}</h2>
      <p className="muted">{t('attempts.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {rows && rows.length === 0 && <p data-testid="attempts-none">{t('attempts.none')}</p>}
      {rows && rows.length > 0 && (
        <table className="devices" data-testid="attempts">
          <thead>
            <tr>
              <th>{t('attempts.what')}</th>
              <th>{t('attempts.key')}</th>
              <th className="num">{t('attempts.failures')}</th>
              <th>{t('attempts.first')}</th>
              <th>{t('attempts.last')}</th>
              <th>{t('attempts.lockedUntil')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.action}/${r.scope}/${r.key}`}>
                <td>
                  {r.action} · {r.scope}
                </td>
                <td>
                  <code>{r.key}</code>
                </td>
                <td className="num">{r.failures}</td>
                <td>{dateTime(r.firstFailedAt)}</td>
                <td>{dateTime(r.lastFailedAt)}</td>
                <td
                  className={r.lockedUntil ? 'warn' : ''}
                  data-testid={r.lockedUntil ? 'attempt-locked' : undefined}
                >
                  {r.lockedUntil ? dateTime(r.lockedUntil) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
