import { useSyncExternalStore } from 'react';
import { localeOf, useLang, useT } from './i18n';
import { fill } from './syncWords';
import { useTill } from './tillContext';

/**
 * A new till loading its first snapshot of products and cards: rows stored of all, the percent
 * and the time left at the pace so far. Sales can start meanwhile; cards not yet loaded are
 * simply not found until they are.
 */
export function BootstrapProgress() {
  const t = useT();
  const lang = useLang();
  const { sync } = useTill();
  const progress = useSyncExternalStore(sync.subscribe, sync.getStatus).bootstrap;
  if (progress === null) return null;
  const number = new Intl.NumberFormat(localeOf(lang));
  const percent = progress.rowsTotal === 0 ? 100 : Math.floor((progress.rowsDone / progress.rowsTotal) * 100);
  const left = progress.secondsLeft;
  return (
    <section className="bootstrap" data-testid="bootstrap" aria-live="polite">
      <div className="bootstrap-text">
        <b>{t('bootstrap.title')}</b>
        <span data-testid="bootstrap-rows">
          {fill(t('bootstrap.rows'), {
            done: number.format(progress.rowsDone),
            total: number.format(progress.rowsTotal),
          })}
        </span>
        <span data-testid="bootstrap-percent">{percent} %</span>
        <span className="muted" data-testid="bootstrap-left">
          {left === null
            ? t('bootstrap.estimating')
            : left >= 60
              ? fill(t('bootstrap.minutesLeft'), { minutes: Math.ceil(left / 60) })
              : fill(t('bootstrap.secondsLeft'), { seconds: left })}
        </span>
      </div>
      <progress max={progress.rowsTotal} value={progress.rowsDone} aria-label={t('bootstrap.title')} />
    </section>
  );
}
