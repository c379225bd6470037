import { useEffect, useState } from 'react';
import { dateTime } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT, type HqTranslate } from './hqI18n';

type Conflict = HqOutputs['cardConflicts'][number];
type Side = Conflict['refused'];

/** Cards two tills handed out offline, the refused customer masked, and what to do about them. */
export function CardConflictsPage() {
  const t = useHqT();
  const [rows, setRows] = useState<Conflict[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    hq.hq.cardConflicts.query({}).then(setRows, (e: unknown) => setError(errorText(e)));
  }, []);
  return (
    <main className="page">
      <h2>{t('cards.title')}</h2>
      <p className="muted">{t('cards.lead')}</p>
      <p className="todo">{t('cards.todo')}</p>
      {error && <p className="alert">{error}</p>}
      {rows && rows.length === 0 && <p>{t('cards.none')}</p>}
      {rows?.map((c) => (
        <article key={c.opId} className="purchase" data-testid="card-conflict">
          <header>
            <span className="when">{t('cards.card', { card: c.cardNumber })}</span>
            {c.refusedTillSales > 0 && (
              <span className="badge warn" data-testid="conflict-sales">
                {t('cards.refusedSales', { n: c.refusedTillSales })}
              </span>
            )}
          </header>
          <div className="sides">
            {c.holder && <SideView title={t('cards.holder')} side={c.holder} t={t} />}
            <SideView title={t('cards.refused')} side={c.refused} t={t} refused />
          </div>
        </article>
      ))}
    </main>
  );
}

function SideView({
  title,
  side,
  t,
  refused,
}: {
  title: string;
  side: Side;
  t: HqTranslate;
  refused?: boolean;
}) {
  return (
    <section
      className={refused ? 'side refused' : 'side'}
      data-testid={refused ? 'conflict-refused' : 'conflict-holder'}
    >
      <h4>{title}</h4>
      <p>
        <b>{side.maskedName || '—'}</b> · {[side.maskedPhone, side.maskedEmail].filter(Boolean).join(' · ')}
      </p>
      <p className="muted">
        {side.storeName ?? '—'} · {side.deviceName ?? '—'}
      </p>
      <p className="muted">
        {side.tillTime &&
          `${t('cards.issuedAt', { at: dateTime(side.tillTime) })} (${t('work.tillTime')}) · `}
        {t('work.serverTime')} {dateTime(side.receivedAt)}
      </p>
    </section>
  );
}
