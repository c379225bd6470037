import { useState } from 'react';
import { money } from './format';
import { hq } from './hqClient';
import { useHqT } from './hqI18n';
import { cashVerdict, tenderRows } from './shiftFigures';
import { StorePage, type StoreItem } from './StorePicker';
import { useCursorPages } from './useCursorPages';
import { TwoTimes } from './TwoTimes';
import { tenderName, ZReport, type Shift } from './ZReport';

const PAGE = 20;

/** A store's shifts, newest first, a page at a time; every reader sees them, a manager their stores. */
export function ShiftsPage() {
  return <StorePage>{(store) => <StoreShifts key={store.id} store={store} />}</StorePage>;
}

function StoreShifts({ store }: { store: StoreItem }) {
  const t = useHqT();
  const [zFor, setZFor] = useState<Shift | null>(null);
  const { items, nextCursor, error, more } = useCursorPages(store.id, (cursor) =>
    hq.hq.shiftPage
      .query({ storeId: store.id, limit: PAGE, cursor })
      .then((page) => ({ items: page.shifts, nextCursor: page.nextCursor })),
  );
  return (
    <section>
      <h2>{t('shifts.title', { store: store.name })}</h2>
      <p className="muted">{t('shifts.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {items && items.length === 0 && <p>{t('work.none')}</p>}
      {items?.map((s) => (
        <ShiftCard key={s.id} shift={s} onZ={() => setZFor(s)} />
      ))}
      {nextCursor && (
        <p className="more">
          <button type="button" onClick={() => void more()} data-testid="shifts-more">
            {t('work.more')}
          </button>
        </p>
      )}
      {zFor && <ZReport shift={zFor} storeName={store.name} onClose={() => setZFor(null)} />}
    </section>
  );
}

function ShiftCard({ shift, onZ }: { shift: Shift; onZ: () => void }) {
  const t = useHqT();
  const m = (minor: number) => money(minor, shift.currency);
  const closed = shift.closed;
  const rows = tenderRows(closed?.figures?.byMethod ?? null, shift.synced.byMethod);
  const z = closed?.figures ?? null;
  const verdict = closed ? cashVerdict(closed.differenceMinor) : null;
  return (
    <article className="purchase shift" data-testid="shift">
      <header>
        <span className="when">{shift.cashierName}</span>
        <span>{shift.deviceName}</span>
        <span className={`badge ${closed ? '' : 'open'}`}>{t(closed ? 'shifts.closed' : 'shifts.open')}</span>
        {closed && verdict && (
          <strong className={`diff ${verdict}`} data-testid="shift-difference">
            {t('shifts.difference')}: {m(closed.differenceMinor)} ({t(`shifts.${verdict}`)})
          </strong>
        )}
      </header>
      <dl className="shift-times">
        <dt>{t('shifts.opened')}</dt>
        <dd>
          <TwoTimes {...shift.opened} />
        </dd>
        {closed && (
          <>
            <dt>{t('shifts.closedAt')}</dt>
            <dd>
              <TwoTimes tillTime={closed.tillTime} receivedAt={closed.receivedAt} /> ·{' '}
              {t('shifts.by', { name: closed.closedBy })}
            </dd>
          </>
        )}
      </dl>
      <div className="shift-grid">
        <table>
          <thead>
            <tr>
              <th />
              <th className="num">{t('shifts.tillZ')}</th>
              <th className="num">{t('shifts.server')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{t('shifts.sales')}</td>
              <td className="num">{z ? `${z.salesCount} · ${m(z.salesTotalMinor)}` : '—'}</td>
              <td className="num">
                {shift.synced.salesCount} · {m(shift.synced.salesTotalMinor)}
              </td>
            </tr>
            {rows.map((row) => (
              <tr
                key={row.method}
                className={row.differs ? 'differs' : ''}
                title={row.differs ? t('shifts.differs') : undefined}
              >
                <td>· {tenderName(row.method, t)}</td>
                <td className="num">{row.tillMinor === null ? '—' : m(row.tillMinor)}</td>
                <td className="num">{m(row.serverMinor)}</td>
              </tr>
            ))}
            <tr>
              <td>{t('shifts.returns')}</td>
              <td className="num">{z ? `${z.returnsCount} · ${m(z.returnsTotalMinor)}` : '—'}</td>
              <td className="num">
                {shift.synced.returnsCount} · {m(shift.synced.returnsTotalMinor)}
              </td>
            </tr>
          </tbody>
        </table>
        <table>
          <tbody>
            <tr>
              <td>{t('shifts.float')}</td>
              <td className="num">{m(shift.openingCashMinor)}</td>
            </tr>
            {shift.cashMoves.map((move, i) => (
              <tr key={i} className="move">
                <td>
                  {t(move.direction === 'in' ? 'shifts.cashIn' : 'shifts.cashOut')}: {move.reason}
                  <div className="move-meta muted">
                    {move.cashierName} · <TwoTimes tillTime={move.tillTime} receivedAt={move.receivedAt} />
                  </div>
                </td>
                <td className="num">{m(move.direction === 'in' ? move.amountMinor : -move.amountMinor)}</td>
              </tr>
            ))}
            {closed && (
              <>
                <tr>
                  <td>{t('shifts.expected')}</td>
                  <td className="num">{m(closed.expectedCashMinor)}</td>
                </tr>
                <tr>
                  <td>{t('shifts.counted')}</td>
                  <td className="num">{m(closed.countedCashMinor)}</td>
                </tr>
              </>
            )}
          </tbody>
        </table>
      </div>
      {closed ? (
        <p>
          <button type="button" className="link" onClick={onZ} data-testid="shift-z">
            {t('shifts.zReport')}
          </button>
        </p>
      ) : (
        <p className="muted">{t('shifts.stillOpen')}</p>
      )}
    </article>
  );
}
