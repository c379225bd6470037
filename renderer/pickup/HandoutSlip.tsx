import { Fragment } from 'react';
import { localeOf, useLang, useT } from '../app/i18n';
import type { DeviceRecord, PickupHandoutRecord, PickupOrderRecord } from '../db/database';
import type { DeskState } from './handout';
import '../receipts/receipt.css';

type Props = {
  order: PickupOrderRecord;
  handout: PickupHandoutRecord;
  device: DeviceRecord;
  state: DeskState;
};

/**
 * What this desk handed out, as a slip for the customer's signature or the order's bag: shown on
 * screen and printed on the receipt printer with the receipt's print rules.
 */
export function HandoutSlip({ order, handout, device, state }: Props) {
  const t = useT();
  const lang = useLang();
  const when = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeStyle: 'short' });
  const { payload } = handout;
  return (
    <section className="receipt pickup-slip" data-testid="pickup-slip">
      <h3>
        {t('pickup.slipTitle')} · {order.orderNumber}
      </h3>
      <p>
        {device.store.name} · {device.name} · {when.format(new Date(payload.wallTime))}
      </p>
      <p data-testid="pickup-sync-state" data-state={handout.state}>
        {state === 'pending_sync' && handout.state === 'pending' && t('pickup.slipPending')}
        {handout.state === 'applied' && t('pickup.slipApplied')}
        {handout.state === 'rejected' && t('pickup.slipRejected')}
      </p>
      <table>
        <tbody>
          {payload.lines.map((l) => {
            const line = order.lines.find((o) => o.lineId === l.lineId);
            return (
              <Fragment key={l.lineId}>
                <tr data-testid="slip-line">
                  <td>{line?.name ?? l.lineId}</td>
                  <td className="num">
                    {l.handedQuantity} {t('pickup.slipHanded')}
                  </td>
                </tr>
                {l.refusedQuantity > 0 && (
                  <tr className="slip-refused">
                    <td colSpan={2}>
                      {l.refusedQuantity} {t('pickup.slipRefused')}: {l.refusalReason ?? ''}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <p>
        {payload.verification.method === 'code'
          ? t('pickup.verifiedCode')
          : `${t('pickup.verifiedId')}: ${payload.verification.note}`}
        {payload.cardNumber && ` · ${t('pickup.card')} ${payload.cardNumber}`}
      </p>
      <p className="signature">{t('pickup.slipSignature')} ______________________</p>
      <div className="receipt-actions">
        <button type="button" onClick={() => window.print()}>
          {t('pickup.print')}
        </button>
      </div>
    </section>
  );
}
