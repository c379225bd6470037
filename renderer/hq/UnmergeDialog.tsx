import { useEffect, useRef, useState, type FormEvent } from 'react';
import { dateTime } from './format';
import { useHqT } from './hqI18n';

export type MergeToUndo = { mergeId: string; createdAt: string; evidence: string; sourceRef: string };

/**
 * Asks an admin to confirm an unmerge, in the page rather than a browser prompt: what the merge was,
 * a required reason for the audit, and the answer of the server (a refusal stays in the dialog).
 * Escape or Cancel closes it without changing anything.
 */
export function UnmergeDialog({
  merge,
  onConfirm,
  onCancel,
}: {
  merge: MergeToUndo;
  /** Resolves when done; a rejection's message is shown in the dialog. */
  onConfirm: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useHqT();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    field.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="z-overlay" role="dialog" aria-modal="true" aria-labelledby="unmerge-title">
      <form className="dialog" onSubmit={(e) => void submit(e)} data-testid="unmerge-dialog">
        <h2 id="unmerge-title">{t('identity.unmergeTitle')}</h2>
        <p className="muted">
          {dateTime(merge.createdAt)} ·{' '}
          {t('identity.mergedBy', { evidence: merge.evidence, source: merge.sourceRef })}
        </p>
        <p>{t('identity.unmergeExplain')}</p>
        <label>
          {t('identity.unmergeReason')}
          <textarea
            ref={field}
            value={reason}
            maxLength={500}
            rows={3}
            required
            onChange={(e) => setReason(e.target.value)}
            data-testid="unmerge-reason"
          />
        </label>
        {error && <p className="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="link" onClick={onCancel} data-testid="unmerge-cancel">
            {t('identity.cancel')}
          </button>
          <button type="submit" disabled={!reason.trim() || busy} data-testid="unmerge-confirm">
            {t('identity.unmerge')}
          </button>
        </div>
      </form>
    </div>
  );
}
