import { useEffect, useState, type FormEvent } from 'react';
import { dateTime } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';
import { PointsLedger, kindName } from './PointsLedger';
import { checkAdjustment, suggestedPoints } from './pointsAdjustment';

type Item = HqOutputs['loyaltyReview'][number];

/**
 * Overdrawn burns and till/server differences for HQ to look at; an admin settles one with an
 * adjustment entry and its reason. The ledger itself is never edited.
 */
export function LoyaltyReviewPage({ canAdjust }: { canAdjust: boolean }) {
  const t = useHqT();
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    hq.hq.loyaltyReview.query({}).then(setItems, (e: unknown) => setError(errorText(e)));
  }, [version]);
  return (
    <main className="page">
      <h2>{t('loyalty.title')}</h2>
      <p className="muted">{t('loyalty.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {items && items.length === 0 && <p>{t('loyalty.none')}</p>}
      {items?.map((item) => (
        <ReviewCard
          key={item.id}
          item={item}
          canAdjust={canAdjust}
          version={version}
          onAdjusted={() => setVersion((v) => v + 1)}
        />
      ))}
    </main>
  );
}

function ReviewCard({
  item,
  canAdjust,
  version,
  onAdjusted,
}: {
  item: Item;
  canAdjust: boolean;
  version: number;
  onAdjusted: () => void;
}) {
  const t = useHqT();
  const [ledgerOpen, setLedgerOpen] = useState(false);
  const [adjusting, setAdjusting] = useState(false);
  return (
    <article className="purchase review" data-testid="review-item">
      <header>
        <span className="when">
          {item.cardNumber ? t('loyalty.card', { card: item.cardNumber }) : kindName(item.kind, t)}
        </span>
        {item.overdraft && <span className="badge warn">{t('loyalty.overdraft')}</span>}
        {item.mismatch && <span className="badge">{t('loyalty.mismatch')}</span>}
        <span className="muted">{dateTime(item.createdAt)}</span>
        {item.balanceAfter !== null && (
          <strong className={item.balanceAfter < 0 ? 'diff short' : ''} data-testid="review-balance">
            {t('loyalty.balanceAfter', { points: item.balanceAfter })}
          </strong>
        )}
      </header>
      <p>
        {t('loyalty.burned', {
          points: Math.abs(item.points),
          till: item.deviceName ?? '—',
          store: item.storeName ?? '—',
          receipt: item.receiptNo ?? '—',
        })}
        {item.mismatch && <small className="muted"> — {item.mismatch}</small>}
      </p>
      {item.earlierBurns.length > 0 && (
        <div className="earlier">
          <p className="muted">{t('loyalty.earlier')}</p>
          <ul>
            {item.earlierBurns.map((b, i) => (
              <li key={i} data-testid="earlier-burn">
                {t('loyalty.earlierBurn', {
                  points: Math.abs(b.points),
                  till: b.deviceName ?? '—',
                  store: b.storeName ?? '—',
                  receipt: b.receiptNo ?? '—',
                  at: dateTime(b.createdAt),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {item.adjustment ? (
        <p className="notice" data-testid="review-adjusted">
          {t('loyalty.adjusted', {
            points: item.adjustment.points > 0 ? `+${item.adjustment.points}` : item.adjustment.points,
            by: item.adjustment.by ?? '—',
            at: dateTime(item.adjustment.createdAt),
            note: item.adjustment.note ?? '',
          })}
        </p>
      ) : (
        canAdjust &&
        item.customerId &&
        (adjusting ? (
          <AdjustForm
            customerId={item.customerId}
            entryId={item.id}
            suggested={suggestedPoints(item.balanceAfter)}
            onDone={() => {
              setAdjusting(false);
              onAdjusted();
            }}
          />
        ) : (
          <p>
            <button type="button" onClick={() => setAdjusting(true)} data-testid="review-adjust">
              {t('loyalty.adjust')}
            </button>
          </p>
        ))
      )}
      {item.customerId && (
        <p>
          <button
            type="button"
            className="link"
            onClick={() => setLedgerOpen((o) => !o)}
            data-testid="review-ledger"
          >
            {t('loyalty.showLedger')}
          </button>
        </p>
      )}
      {ledgerOpen && item.customerId && <PointsLedger customerId={item.customerId} version={version} />}
    </article>
  );
}

function AdjustForm({
  customerId,
  entryId,
  suggested,
  onDone,
}: {
  customerId: string;
  entryId: string;
  suggested: number | null;
  onDone: () => void;
}) {
  const t = useHqT();
  const [points, setPoints] = useState(suggested === null ? '' : String(suggested));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkAdjustment({ points, reason });
    if (!checked.ok) {
      setProblem(t(checked.field === 'points' ? 'loyalty.pointsShape' : 'loyalty.reasonShape'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await hq.hq.adjustPoints.mutate({
        customerId,
        points: checked.points,
        reason: checked.reason,
        reviewedEntryId: entryId,
      });
      onDone();
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form adjust" onSubmit={(e) => void submit(e)} data-testid="adjust-form">
      <label>
        {t('loyalty.points')}
        <input
          value={points}
          onChange={(e) => setPoints(e.target.value)}
          inputMode="numeric"
          data-testid="adjust-points"
        />
      </label>
      <label>
        {t('loyalty.reason')}
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          data-testid="adjust-reason"
        />
      </label>
      <button type="submit" disabled={busy} data-testid="adjust-save">
        {t('loyalty.save')}
      </button>
      {problem && <p className="warn">{problem}</p>}
    </form>
  );
}
