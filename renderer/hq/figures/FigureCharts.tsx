import { count, money } from '../format';
import { useHqT } from '../hqI18n';
import { perCustomer, type Figures } from './figureRatios';
import { duration } from './FigureTiles';

/** Net spend per customer by where they buy, as horizontal bars. */
export function LtvBars({ figures }: { figures: Figures }) {
  const t = useHqT();
  const values = figures.ltv.map((r) => ({ ...r, value: perCustomer(r) }));
  const top = Math.max(1, ...values.map((r) => r.value ?? 0));
  return (
    <figure className="chart" data-testid="chart-ltv">
      <figcaption>{t('figures.ltvChart')}</figcaption>
      <dl className="hbars">
        {values.map((r) => (
          <div key={r.segment} data-testid={`ltv-${r.segment}`}>
            <dt>
              {t(`figures.segment.${r.segment}`)}
              <span className="muted"> · {t('figures.customers', { n: count(r.customers) })}</span>
            </dt>
            <dd>
              <span className="hbar" style={{ width: `${((r.value ?? 0) / top) * 100}%` }} />
              <span className="num">{r.value === null ? '—' : money(r.value, figures.currency)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}

/** Pickup lead times: median and 90th percentile of each leg. */
export function LeadTimes({ figures }: { figures: Figures }) {
  const t = useHqT();
  const lead = figures.pickupLeadTime;
  const rows = [
    ['placedToReady', lead.placedToReady],
    ['readyToCollected', lead.readyToCollected],
    ['placedToCollected', lead.placedToCollected],
  ] as const;
  return (
    <figure className="chart" data-testid="chart-lead">
      <figcaption>{t('figures.leadChart')}</figcaption>
      <table>
        <thead>
          <tr>
            <th />
            <th className="num">{t('figures.median')}</th>
            <th className="num">{t('figures.p90')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, s]) => (
            <tr key={key} data-testid={`lead-${key}`}>
              <td>{t(`figures.lead.${key}`)}</td>
              <td className="num">{s ? duration(t, s.p50) : '—'}</td>
              <td className="num">{s ? duration(t, s.p90) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {lead.collected > 0
          ? t('figures.leadTimeOf', { n: count(lead.collected) })
          : t('figures.leadTimeNone')}
      </p>
    </figure>
  );
}
