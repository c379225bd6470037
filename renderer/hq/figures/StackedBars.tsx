export type BarSeries = { key: string; label: string; color: string };
export type BarGroup = { label: string; values: readonly number[] };

type Props = {
  title: string;
  series: readonly BarSeries[];
  groups: readonly BarGroup[];
  /** How a value reads on the axis and in a bar's tooltip. */
  format: (value: number) => string;
  /** The axis top; the largest stack when not given (a share chart passes 1). */
  max?: number;
  testId?: string;
};

const W = 520;
const H = 200;
const PAD = { top: 10, right: 8, bottom: 24, left: 72 };

/**
 * A bar per month, its series stacked, drawn as SVG so it prints and scales without a chart
 * library. Every bar carries its figures in a tooltip, and the legend names the colours.
 */
export function StackedBars({ title, series, groups, format, max, testId }: Props) {
  const largest = Math.max(0, ...groups.map((g) => g.values.reduce((a, b) => a + Math.max(0, b), 0)));
  const top = max ?? Math.max(1, largest);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, groups.length);
  const barW = Math.min(48, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  // With nothing to draw, one zero line: four more saying "0" would only repeat it.
  const ticks = (max === undefined && largest === 0 ? [0] : [0, 0.25, 0.5, 0.75, 1]).map((f) => f * top);
  // Labels thin out so they never overlap: about 6.5 units a character at the ticks' 12px size.
  const longest = Math.max(1, ...groups.map((g) => g.label.length));
  const every = Math.max(1, Math.ceil((longest * 6.5 + 8) / slot));
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="tick">
              {format(v)}
            </text>
          </g>
        ))}
        {groups.map((g, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={g.label} data-testid="chart-bar">
              <title>{`${g.label}\n${series.map((s, j) => `${s.label}: ${format(g.values[j] ?? 0)}`).join('\n')}`}</title>
              {series.map((s, j) => {
                const v = Math.max(0, g.values[j] ?? 0);
                const rect = (
                  <rect
                    key={s.key}
                    x={x}
                    width={barW}
                    y={y(base + v)}
                    height={y(base) - y(base + v)}
                    fill={s.color}
                  />
                );
                base += v;
                return rect;
              })}
              {i % every === 0 && (
                <text x={x + barW / 2} y={H - 8} textAnchor="middle" className="tick">
                  {g.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <ul className="legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
