import { useState, type FormEvent, type RefObject } from 'react';
import { useCount } from '../app/plurals';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import type { PickupAttemptsRecord, PickupOrderRecord } from '../db/database';
import { allowMoreAttempts, attemptsLeft, noteWrongCode } from '../db/pickups';
import { useShiftSession } from '../shift/shiftContext';
import type { DeskNotice } from './deskNotice';
import type { Verification } from './handout';
import { verifyPickupCode } from './pickupCode';

type Props = {
  order: PickupOrderRecord;
  attempts: PickupAttemptsRecord;
  verified: Verification | null;
  onVerified: (verification: Verification) => void;
  say: (notice: DeskNotice | null) => void;
  codeRef: RefObject<HTMLInputElement | null>;
  noteRef: RefObject<HTMLInputElement | null>;
  focusSearch: () => void;
};

/** A full document number has more digits than this in a row; the desk keeps only the last four. */
const LONG_NUMBER = /\d{5,}/;

/**
 * Makes sure the goods go to their owner: the pickup code from the "ready" message, checked
 * offline against the order's hash, or an ID check the clerk records in a short note. After
 * PICKUP_CODE_ATTEMPTS wrong codes the desk takes no more until a manager approves more tries, or
 * the clerk checks an ID instead.
 */
export function VerifyStep({
  order,
  attempts,
  verified,
  onVerified,
  say,
  codeRef,
  noteRef,
  focusSearch,
}: Props) {
  const t = useT();
  const count = useCount();
  const { db } = useTill();
  const session = useShiftSession();
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [checking, setChecking] = useState(false);
  const left = attemptsLeft(attempts);

  if (verified !== null) {
    return (
      <p className="pickup-verified" role="status" data-testid="pickup-verified">
        ✓{' '}
        {verified.method === 'code'
          ? t('pickup.verifiedCode')
          : `${t('pickup.verifiedId')}: ${verified.note}`}
      </p>
    );
  }

  const checkCode = async (event: FormEvent) => {
    event.preventDefault();
    if (order.pickupCodeHash === null || code.trim() === '' || checking) return;
    if (left === 0) return say({ key: 'pickup.err.locked', error: true });
    setChecking(true);
    try {
      if (await verifyPickupCode(code, order.pickupCodeHash)) {
        onVerified({ method: 'code', failedAttempts: attempts.failures });
        say({ key: 'pickup.codeRight' });
        focusSearch();
      } else {
        const after = await noteWrongCode(db, order.id);
        const remaining = attemptsLeft(after);
        say(
          remaining === 0
            ? { key: 'pickup.err.locked', error: true }
            : { key: 'pickup.err.wrongCode', detail: count('count.attemptsLeft', remaining), error: true },
        );
        codeRef.current?.select();
      }
    } finally {
      setCode('');
      setChecking(false);
    }
  };

  const recordId = (event: FormEvent) => {
    event.preventDefault();
    const text = note.trim();
    if (text === '') return say({ key: 'pickup.err.idNote', error: true });
    if (LONG_NUMBER.test(text)) return say({ key: 'pickup.err.idDigits', error: true });
    onVerified({ method: 'id_check', note: text.slice(0, 200), failedAttempts: attempts.failures });
    say({ key: 'pickup.idRecorded' });
    focusSearch();
  };

  const askManager = async () => {
    if (!session || !(await session.requireManager('pickup'))) return;
    await allowMoreAttempts(db, order.id);
    say({ key: 'pickup.moreAttempts' });
    codeRef.current?.focus();
  };

  return (
    <section className="pickup-verify" aria-label={t('pickup.verifyTitle')}>
      <h3>{t('pickup.verifyTitle')}</h3>
      {order.pickupCodeHash === null ? (
        <p className="muted">{t('pickup.noCode')}</p>
      ) : (
        <form onSubmit={(e) => void checkCode(e)} className="pickup-code-form">
          <label>
            <span>
              {t('pickup.code')} <kbd>F4</kbd>
            </span>
            <input
              ref={codeRef}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              inputMode="text"
              autoComplete="off"
              maxLength={24}
              disabled={left === 0}
              data-testid="pickup-code"
            />
          </label>
          <button type="submit" disabled={left === 0 || checking} data-testid="pickup-code-check">
            {t('pickup.check')}
          </button>
          <small className={left === 0 ? 'error-text' : 'muted'} data-testid="pickup-attempts">
            {left === 0 ? t('pickup.err.locked') : count('count.attemptsLeft', left)}
          </small>
          {left === 0 && session && (
            <button type="button" onClick={() => void askManager()} data-testid="pickup-manager">
              {t('pickup.managerMore')}
            </button>
          )}
        </form>
      )}
      <form onSubmit={recordId} className="pickup-id-form">
        <label>
          <span>
            {t('pickup.idNote')} <kbd>F6</kbd>
          </span>
          <input
            ref={noteRef}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
            placeholder={t('pickup.idPlaceholder')}
            data-testid="pickup-id-note"
          />
        </label>
        <button type="submit" data-testid="pickup-id-record">
          {t('pickup.idRecord')}
        </button>
      </form>
    </section>
  );
}
