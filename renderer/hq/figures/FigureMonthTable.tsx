import { count, fractionPercent, money, monthName } from '../format';
import { useHqT } from '../hqI18n';
import { share, type Figures } from './figureRatios';

/** The figures behind the charts, a row per month and one for the period. */
export function MonthTable({ figures }: { figures: Figures }) {
  const t = useHqT();
  const cur = figures.currency;
  const rows = [
    ...figures.months.map((m) => ({ key: m.month, label: monthName(m.month), c: m })),
    { key: 'period', label: t('figures.total'), c: figures.period },
  ];
  return (
    <div className="table-scroll">
      <table className="figures-table" data-testid="figures-table">
        <thead>
          <tr>
            <th>{t('figures.month')}</th>
            <th className="num">{t('figures.storeSales')}</th>
            <th className="num">{t('figures.linked')}</th>
            <th className="num">{t('figures.storeRevenue')}</th>
            <th className="num">{t('figures.returns')}</th>
            <th className="num">{t('figures.onlineOrders')}</th>
            <th className="num">{t('figures.onlineRevenue')}</th>
            <th className="num">{t('figures.pickupRevenue')}</th>
            <th className="num">{t('figures.active')}</th>
            <th className="num">{t('figures.omni')}</th>
            <th className="num">{t('figures.repeaters')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, c }) => (
            <tr
              key={key}
              data-testid="figures-row"
              data-month={key}
              className={key === 'period' ? 'total' : undefined}
            >
              <td>{label}</td>
              <td className="num">{count(c.storeSales)}</td>
              <td className="num">{fractionPercent(share(c.linkedSales, c.storeSales))}</td>
              <td className="num">{money(c.storeMinor, cur)}</td>
              <td className="num">{c.returnsMinor > 0 ? `−${money(c.returnsMinor, cur)}` : '—'}</td>
              <td className="num">{count(c.onlineOrders)}</td>
              <td className="num">{money(c.onlineMinor, cur)}</td>
              <td className="num">{money(c.pickupMinor, cur)}</td>
              <td className="num">{count(c.activeCustomers)}</td>
              <td className="num">{count(c.omnichannelCustomers)}</td>
              <td className="num">{count(c.repeatCustomers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
