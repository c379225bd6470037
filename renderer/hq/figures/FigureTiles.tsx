import { count, fractionPercent, money } from '../format';
import { useHqT, type HqTranslate } from '../hqI18n';
import { channelMix, perCustomer, share, type Figures } from './figureRatios';

/** Hours as the desk thinks of them: hours up to two days, days after. */
export function duration(t: HqTranslate, hours: number): string {
  return hours < 48
    ? t('figures.hours', { n: count(hours) })
    : t('figures.days', { n: count(Math.round((hours / 24) * 10) / 10) });
}

/** The period's headline figures, one tile each, with what they were counted from beneath. */
export function FigureTiles({ figures }: { figures: Figures }) {
  const t = useHqT();
  const p = figures.period;
  const mix = channelMix(p);
  const revenue = mix.store + mix.pickup + mix.delivery;
  const lead = figures.pickupLeadTime;
  const ltvRow = (segment: Figures['ltv'][number]['segment']) =>
    figures.ltv.find((r) => r.segment === segment)!;
  const ltvText = (segment: Figures['ltv'][number]['segment']) => {
    const v = perCustomer(ltvRow(segment));
    return v === null ? '—' : money(v, figures.currency);
  };
  return (
    <div className="tiles">
      <Tile
        testId="tile-linked"
        label={t('figures.linkedShare')}
        value={fractionPercent(share(p.linkedSales, p.storeSales))}
        note={t('figures.linkedShareOf', {
          linked: count(p.linkedSales),
          sales: count(p.storeSales),
          revenue: fractionPercent(share(p.linkedMinor, p.storeMinor)),
        })}
      />
      <Tile
        testId="tile-omnichannel"
        label={t('figures.omnichannel')}
        value={fractionPercent(share(p.omnichannelCustomers, p.activeCustomers))}
        note={t('figures.omnichannelOf', {
          n: count(p.omnichannelCustomers),
          active: count(p.activeCustomers),
        })}
      />
      <Tile
        testId="tile-repeat"
        label={t('figures.repeat')}
        value={fractionPercent(share(p.repeatCustomers, p.activeCustomers))}
        note={t('figures.repeatOf', { n: count(p.repeatCustomers), active: count(p.activeCustomers) })}
      />
      <Tile
        testId="tile-ltv"
        label={t('figures.ltv')}
        value={ltvText('omnichannel')}
        note={`${t('figures.segment.omnichannel')} · ${t('figures.segment.store')}: ${ltvText('store')} · ${t('figures.segment.online')}: ${ltvText('online')}`}
      />
      <Tile
        testId="tile-mix"
        label={t('figures.onlineShare')}
        value={fractionPercent(share(mix.pickup + mix.delivery, revenue))}
        note={(['store', 'pickup', 'delivery'] as const)
          .map((c) => `${t(`figures.channel.${c}`)} ${fractionPercent(share(mix[c], revenue))}`)
          .join(' · ')}
      />
      <Tile
        testId="tile-lead"
        label={t('figures.leadTime')}
        value={lead.placedToCollected ? duration(t, lead.placedToCollected.p50) : '—'}
        note={
          lead.collected > 0
            ? t('figures.leadTimeOf', { n: count(lead.collected) })
            : t('figures.leadTimeNone')
        }
      />
    </div>
  );
}

function Tile({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note: string;
  testId: string;
}) {
  return (
    <section className="tile" data-testid={testId}>
      <h3>{label}</h3>
      <p className="tile-value" data-testid={`${testId}-value`}>
        {value}
      </p>
      <p className="muted">{note}</p>
    </section>
  );
}
