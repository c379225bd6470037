import { useEffect, useState } from 'react';
import { dateTime } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';

type Row = HqOutputs['signInAttempts']['recent'][number];

/** Failed sign-ins and enrolments per account and address, newest first; lockouts in force stand out. */
export function SignInAttemptsPage() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    hq.hq.signInAttempts.recent.query().then(setRows, (e: unknown) => setError(errorText(e)));
  }, []);

  return (
    <main className="page">
      <h2>Failed sign-ins and enrolments</h2>
      <p className="muted">
        Counted per account and per address over the last week. An account is locked after 5 failures, an
        address after 50 sign-in or 10 enrolment failures, for 1 minute doubling up to 1 hour.
      </p>
      {error && <p className="alert">{error}</p>}
      {rows && rows.length === 0 && <p data-testid="attempts-none">No failed attempts.</p>}
      {rows && rows.length > 0 && (
        <table className="devices" data-testid="attempts">
          <thead>
            <tr>
              <th>What</th>
              <th>Account or address</th>
              <th className="num">Failures</th>
              <th>First</th>
              <th>Last</th>
              <th>Locked until</th>
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
