import './figures.css';
import { useEffect, useState } from 'react';
import { shiftMonth } from '../../../shared/domain/figureMonths';
import { count, fractionPercent, moneyCompact, monthShort } from '../format';
import { errorText, hq } from '../hqClient';
import { useHqT } from '../hqI18n';
import { channelMix, share, type Figures } from './figureRatios';
import { figuresCsv } from './figuresCsv';
import { LeadTimes, LtvBars } from './FigureCharts';
import { MonthTable } from './FigureMonthTable';
import { moveEnd } from './monthRange';
import { FigureTiles } from './FigureTiles';
import { StackedBars } from './StackedBars';

const COLORS = { store: '#2563eb', pickup: '#16a34a', delivery: '#f59e0b' };

/**
 * The chain's omnichannel figures (docs/operations.md §17) for a range of months: headline tiles,
 * charts by month, and the table behind them, which downloads as CSV.
 */
export function FiguresPage() {
  const t = useHqT();
  const thisMonth = new Date().toISOString().slice(0, 7);
  const [range, setRange] = useState({ from: shiftMonth(thisMonth, -11), to: thisMonth });
  const [currency, setCurrency] = useState<string | undefined>(undefined);
  // What was asked and what came back, kept together so an older answer never shows as a newer one.
  const key = [range.from, range.to, currency ?? ''].join('|');
  const [result, setResult] = useState<{ key: string; figures: Figures | null; error: string | null } | null>(
    null,
  );
  useEffect(() => {
    let current = true;
    const [from, to, cur] = key.split('|') as [string, string, string];
    hq.hq.figures
      .query({ from, to, ...(cur ? { currency: cur } : {}) })
      .then((figures) => current && setResult({ key, figures, error: null }))
      .catch((e: unknown) => current && setResult({ key, figures: null, error: errorText(e) }));
    return () => {
      current = false;
    };
  }, [key]);
  const loading = result?.key !== key;
  // While the next range is counted, the last figures stay in view, dimmed.
  const figures = result?.figures ?? null;
  const error = loading ? null : (result?.error ?? null);

  const pick = (end: 'from' | 'to', month: string) => setRange((r) => moveEnd(r, end, month));

  const download = (f: Figures) => {
    const url = URL.createObjectURL(new Blob([figuresCsv(f)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `omnitill-figures-${f.from}-${f.to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <main className="page figures">
      <h2>{t('figures.title')}</h2>
      <p className="muted">{t('figures.lead')}</p>
      <form className="figures-range" onSubmit={(e) => e.preventDefault()}>
        <MonthInput
          label={t('figures.from')}
          value={range.from}
          onPick={(m) => pick('from', m)}
          testId="figures-from"
        />
        <MonthInput
          label={t('figures.to')}
          value={range.to}
          onPick={(m) => pick('to', m)}
          testId="figures-to"
        />
        {figures && figures.currencies.length > 1 && (
          <label>
            {t('figures.currency')}
            <select value={figures.currency} onChange={(e) => setCurrency(e.target.value)}>
              {figures.currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          disabled={!figures || loading}
          onClick={() => figures && download(figures)}
          data-testid="figures-csv"
        >
          {t('figures.csv')}
        </button>
      </form>
      {error && <p className="alert">{error}</p>}
      {loading && <p className="muted">{t('figures.loading')}</p>}
      {figures && (
        <div className={loading ? 'stale' : undefined} aria-busy={loading}>
          <FiguresBody figures={figures} />
        </div>
      )}
    </main>
  );
}

function MonthInput(props: {
  label: string;
  value: string;
  onPick: (month: string) => void;
  testId: string;
}) {
  return (
    <label>
      {props.label}
      <input
        type="month"
        value={props.value}
        onChange={(e) => props.onPick(e.target.value)}
        data-testid={props.testId}
      />
    </label>
  );
}

function FiguresBody({ figures }: { figures: Figures }) {
  const t = useHqT();
  const cur = figures.currency;
  const p = figures.period;
  const other = figures.otherCurrency;
  return (
    <div data-testid="figures" data-from={figures.from} data-to={figures.to}>
      {p.storeSales + p.onlineOrders === 0 && <p className="muted">{t('figures.noData')}</p>}
      <FigureTiles figures={figures} />
      <div className="charts">
        <StackedBars
          testId="chart-mix"
          title={t('figures.mixChart')}
          series={(['store', 'pickup', 'delivery'] as const).map((c) => ({
            key: c,
            label: t(`figures.channel.${c}`),
            color: COLORS[c],
          }))}
          groups={figures.months.map((m) => {
            const mix = channelMix(m);
            return { label: monthShort(m.month), values: [mix.store, mix.pickup, mix.delivery] };
          })}
          format={(v) => moneyCompact(v, cur)}
        />
        <StackedBars
          testId="chart-linked"
          title={t('figures.linkedChart')}
          series={[{ key: 'linked', label: t('figures.linked'), color: COLORS.store }]}
          groups={figures.months.map((m) => ({
            label: monthShort(m.month),
            values: [share(m.linkedSales, m.storeSales) ?? 0],
          }))}
          format={fractionPercent}
          max={1}
        />
        <LtvBars figures={figures} />
        <LeadTimes figures={figures} />
      </div>
      <MonthTable figures={figures} />
      {other.storeSales + other.onlineOrders > 0 && (
        <p className="muted" data-testid="figures-other-currency">
          {t('figures.otherCurrency', { sales: count(other.storeSales), orders: count(other.onlineOrders) })}
        </p>
      )}
    </div>
  );
}
