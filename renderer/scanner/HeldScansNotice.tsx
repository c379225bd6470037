import { useT } from '../app/i18n';
import { SCAN_KIND_KEYS, scanReading, shownCode } from './scanLabels';
import type { StreamScan } from './scanStream';

type Props = {
  readonly title: string;
  readonly held: readonly StreamScan[];
  readonly overflow: number;
  /** The button on each scan it can be used for, e.g. "Add to sale". */
  readonly actionLabel: string;
  readonly canAct: (entry: StreamScan) => boolean;
  /** Scans in the order they were made. */
  readonly onAct: (entries: readonly StreamScan[]) => void;
  readonly onDismiss: (ids: readonly string[]) => void;
  /** Shown instead of the button for scans it cannot be used for. */
  readonly cannotAct: string;
};

/** Scans a screen kept for the person to act on: each code, what it reads as, and what to do. */
export function HeldScansNotice(props: Props) {
  const t = useT();
  const { held, canAct } = props;
  if (held.length === 0) return null;
  const usable = held.filter(canAct).reverse();
  return (
    <section className="held-scans" role="alert" data-testid="held-scans">
      <header>
        <strong>{props.title}</strong>
        {usable.length > 1 && (
          <button
            type="button"
            className="primary"
            onClick={() => props.onAct(usable)}
            data-testid="held-act-all"
          >
            {props.actionLabel} ({usable.length})
          </button>
        )}
        <button
          type="button"
          onClick={() => props.onDismiss(held.map((e) => e.id))}
          data-testid="held-dismiss-all"
        >
          {t('held.dismissAll')}
        </button>
      </header>
      <ul>
        {held.map((entry) => (
          <li key={entry.id} data-testid="held-scan">
            <code data-testid="held-code">{shownCode(entry.raw)}</code>
            <span className={`kind ${entry.scan.kind}`}>{t(SCAN_KIND_KEYS[entry.scan.kind])}</span>
            <small>{scanReading(entry.scan)}</small>
            {canAct(entry) ? (
              <button
                type="button"
                className="primary"
                onClick={() => props.onAct([entry])}
                data-testid="held-act"
              >
                {props.actionLabel}
              </button>
            ) : (
              <small className="muted">{props.cannotAct}</small>
            )}
            <button
              type="button"
              className="link"
              onClick={() => props.onDismiss([entry.id])}
              aria-label={t('held.dismiss')}
              title={t('held.dismiss')}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {props.overflow > 0 && (
        <p className="muted">
          +{props.overflow} {t('held.overflow')}
        </p>
      )}
    </section>
  );
}
