import { Fragment, useEffect, useRef, useState, type RefObject } from 'react';
import { localeOf, useLang, useT, type MessageKey } from '../app/i18n';
import { useTill } from '../app/tillContext';
import type { DeviceRecord } from '../db/database';
import { usePickupOrder } from '../db/pickupHooks';
import { PickupNotOpen, recordPickup } from '../db/pickups';
import { useShiftSession } from '../shift/shiftContext';
import type { DeskAction } from './deskHotkeys';
import type { DeskNotice } from './deskNotice';
import {
  amountDue,
  buildPickupConfirm,
  canHandOut,
  deskState,
  handOutAll,
  handoutProblems,
  lineLeft,
  pastHold,
  type HandoutLineDraft,
  type Verification,
} from './handout';
import { HandoutSlip } from './HandoutSlip';
import { sendToTill } from './sendToTill';
import { whatToDo } from './rejectReasons';
import { StateBadge } from './StateBadge';
import { VerifyStep } from './VerifyStep';

/** What the desk's keys reach in the open order. */
export type PanelActions = { act: (action: DeskAction) => void; takesCard: () => boolean };

type Props = {
  orderId: string;
  device: DeviceRecord;
  /** The loyalty card scanned at the desk for this hand-out. */
  card: string | null;
  onCard: (card: string | null) => void;
  money: (minor: number) => string;
  actionsRef: RefObject<PanelActions | null>;
  say: (notice: DeskNotice | null) => void;
  focusSearch: () => void;
  onToTill: () => void;
};

/** One order at the desk: who and what, then check, hand out line by line, and confirm. */
export function PickupOrderPanel(props: Props) {
  const { orderId, card, money, say, focusSearch } = props;
  const t = useT();
  const lang = useLang();
  const { db, sync } = useTill();
  const session = useShiftSession();
  const loaded = usePickupOrder(db, orderId);
  const [verified, setVerified] = useState<Verification | null>(null);
  const [drafts, setDrafts] = useState<HandoutLineDraft[] | null>(null);
  const [paid, setPaid] = useState(false);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const when = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeStyle: 'short' });

  const order = loaded?.order;
  const handout = loaded?.handout;
  const open = order !== undefined && canHandOut(order, handout);
  const lines = drafts ?? (order ? handOutAll(order) : []);
  const problems = order ? handoutProblems(order, lines) : new Map();
  const due = order ? amountDue(order, lines) : 0;
  const needsPayment = order?.payment === 'pay_at_pickup' && due > 0;

  const setLine = (lineId: string, change: Partial<HandoutLineDraft>) =>
    setDrafts(lines.map((d) => (d.lineId === lineId ? { ...d, ...change } : d)));

  const confirm = async () => {
    if (!order || !open || busy) return;
    if (verified === null) {
      say({ key: 'pickup.err.verifyFirst', error: true });
      return (codeRef.current ?? noteRef.current)?.focus();
    }
    if (problems.size > 0) return say({ key: 'pickup.err.lines', error: true });
    if (needsPayment && !paid) return say({ key: 'pickup.err.payFirst', error: true });
    setBusy(true);
    try {
      const payload = buildPickupConfirm({
        order,
        drafts: lines,
        verification: verified,
        cardNumber: card,
        cashierId: session?.cashier.id ?? null,
      });
      await recordPickup(db, payload);
      say({ key: 'pickup.done', detail: order.orderNumber });
      sync.kick();
    } catch (error) {
      if (error instanceof PickupNotOpen) say({ key: 'pickup.err.notOpen', error: true });
      else
        say({
          key: 'pickup.err.failed',
          detail: error instanceof Error ? error.message : String(error),
          error: true,
        });
    } finally {
      setBusy(false);
      focusSearch();
    }
  };

  const toTill = async () => {
    if (!order || !needsPayment) return say({ key: 'pickup.err.nothingToPay', error: true });
    const sent = await sendToTill(db, order, lines, card);
    if (sent.missing > 0) return say({ key: 'pickup.payAtTillByHand', detail: money(due), error: true });
    if (sent.marked > 0) return say({ key: 'pickup.payAtTillMarked', detail: money(due), error: true });
    say({ key: 'pickup.sentToTill', detail: money(due) });
    props.onToTill();
  };

  const actions: PanelActions = {
    takesCard: () => open,
    act: (action) => {
      switch (action) {
        case 'code':
          return codeRef.current?.focus();
        case 'idCheck':
          return noteRef.current?.focus();
        case 'allLines':
          if (order) setDrafts(handOutAll(order));
          return focusSearch();
        case 'toTill':
          return void toTill();
        case 'confirm':
          return void confirm();
        case 'find':
        case 'close':
          return undefined;
      }
    },
  };
  const { actionsRef } = props;
  useEffect(() => {
    actionsRef.current = actions;
  });
  useEffect(
    () => () => {
      actionsRef.current = null;
    },
    [actionsRef],
  );

  if (loaded === undefined) return null;
  if (loaded === null || order === undefined) return <p className="muted">{t('pickup.gone')}</p>;
  const state = deskState(order, handout);

  return (
    <section className="pickup-order" data-testid="pickup-order" aria-label={order.orderNumber}>
      <header>
        <h2 data-testid="pickup-order-number">{order.orderNumber}</h2>
        <StateBadge state={state} pastHold={pastHold(order)} />
      </header>
      <dl className="pickup-facts">
        <dt>{t('pickup.customer')}</dt>
        <dd data-testid="pickup-customer">
          {order.customer.maskedName}
          {order.customer.phoneTail && ` · ☎ …${order.customer.phoneTail}`}
        </dd>
        <dt>{t('pickup.holdUntil')}</dt>
        <dd>{order.holdUntil ? when.format(new Date(order.holdUntil)) : t('pickup.notReady')}</dd>
        <dt>{t('pickup.payment')}</dt>
        <dd className={order.payment === 'pay_at_pickup' ? 'due' : undefined}>
          {order.payment === 'paid'
            ? t('pickup.paid')
            : `${t('pickup.payAtPickup')} · ${money(order.totalMinor)}`}
        </dd>
        <dt>{t('pickup.card')}</dt>
        <dd data-testid="pickup-card">
          {card ?? <span className="muted">{t('pickup.scanCard')}</span>}
          {card && open && (
            <button type="button" className="link" onClick={() => props.onCard(null)}>
              ×
            </button>
          )}
        </dd>
      </dl>

      {handout?.state === 'rejected' && (
        <div className="alert" role="alert" data-testid="pickup-rejected">
          <strong>{t('pickup.rejectedTitle')}</strong>{' '}
          {whatToDo(handout.reason) ? t(whatToDo(handout.reason)!) : handout.reason}
          {handout.detail && <small> ({handout.detail})</small>}
        </div>
      )}
      {pastHold(order) && open && <p className="alert">{t('pickup.pastHoldWarn')}</p>}

      {open ? (
        <>
          <VerifyStep
            order={order}
            attempts={loaded.attempts}
            verified={verified}
            onVerified={setVerified}
            say={say}
            codeRef={codeRef}
            noteRef={noteRef}
            focusSearch={focusSearch}
          />
          <table className="pickup-lines" data-testid="pickup-lines">
            <thead>
              <tr>
                <th>{t('pickup.item')}</th>
                <th className="num">{t('pickup.ordered')}</th>
                <th className="num">{t('pickup.handed')}</th>
                <th className="num">{t('pickup.refused')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => {
                const draft = lines.find((d) => d.lineId === line.lineId);
                const problem = problems.get(line.lineId) as MessageKey | undefined;
                if (draft === undefined)
                  return (
                    <tr key={line.lineId} className="muted">
                      <td>{line.name}</td>
                      <td className="num">{line.quantity}</td>
                      <td colSpan={2}>{t('pickup.lineDone')}</td>
                    </tr>
                  );
                const left = lineLeft(line);
                return (
                  <Fragment key={line.lineId}>
                    <tr data-testid="pickup-line" data-line={line.lineId}>
                      <td>
                        {line.name}
                        {line.gtin && <small className="muted"> {line.gtin}</small>}
                        {problem && <small className="error-text"> {t(problem)}</small>}
                      </td>
                      <td className="num">{left}</td>
                      <td className="num">
                        <input
                          type="number"
                          min={0}
                          max={left}
                          value={draft.handed}
                          aria-label={`${t('pickup.handed')}: ${line.name}`}
                          onChange={(e) => {
                            const handed = Math.max(
                              0,
                              Math.min(left, Math.trunc(Number(e.target.value) || 0)),
                            );
                            setLine(line.lineId, { handed, refused: left - handed });
                          }}
                          data-testid="pickup-handed"
                        />
                      </td>
                      <td className="num" data-testid="pickup-refused">
                        {draft.refused}
                      </td>
                    </tr>
                    {draft.refused > 0 && (
                      <tr className="pickup-reason-row">
                        <td colSpan={4}>
                          <input
                            value={draft.reason}
                            maxLength={200}
                            placeholder={t('pickup.reasonPlaceholder')}
                            aria-label={`${t('pickup.reason')}: ${line.name}`}
                            onChange={(e) => setLine(line.lineId, { reason: e.target.value })}
                            data-testid="pickup-reason"
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          {order.payment === 'pay_at_pickup' && (
            <div className="pickup-pay" data-testid="pickup-pay">
              <strong>
                {t('pickup.due')} {money(due)}
              </strong>
              <button type="button" onClick={() => void toTill()} disabled={!needsPayment}>
                <kbd>F9</kbd> {t('pickup.key.toTill')}
              </button>
              <label>
                <input type="checkbox" checked={paid} onChange={(e) => setPaid(e.target.checked)} />{' '}
                {t('pickup.paidAtTill')}
              </label>
            </div>
          )}
          <button
            type="button"
            className="primary pickup-confirm"
            onClick={() => void confirm()}
            disabled={busy}
            data-testid="pickup-confirm"
          >
            <kbd>F12</kbd> {t('pickup.confirm')}
          </button>
        </>
      ) : (
        handout && <HandoutSlip order={order} handout={handout} device={props.device} state={state} />
      )}
    </section>
  );
}
