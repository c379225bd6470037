import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { buildReceipt } from '../../shared/receipts/receipt';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import type { DeviceRecord, SaleRecord } from '../db/database';
import { findSale, todaysSales } from '../db/returns';
import { useCashierName } from '../db/shiftHooks';
import { ReceiptView } from '../receipts/ReceiptView';
import { useScans } from '../scanner/useScans';
import { useMoney } from '../till/useMoney';
import { ReturnForm } from './ReturnForm';
import './sales.css';

type Props = {
  device: DeviceRecord;
  /**
   * Asked before a return is recorded; resolves to whether it may go ahead. The manager's PIN
   * plugs in here; without it, returns need no approval.
   */
  approveReturn?: () => Promise<string | null>;
};

/**
 * Today's sales on this till, synced or not, newest first; a sale is found by its receipt number or
 * by scanning the QR code on its receipt. A sale opens to its receipt, for a reprint, and to a
 * return; the keyboard alone gets there (Enter on the found sale starts the return).
 */
export function SalesScreen({ device, approveReturn }: Props) {
  const t = useT();
  const { db } = useTill();
  const money = useMoney(device.store.currency);
  const sales = useLiveQuery(() => todaysSales(db), [db], []);
  const [query, setQuery] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [returning, setReturning] = useState(false);
  const open = useLiveQuery(async () => (openId ? db.sales.get(openId) : undefined), [db, openId]);
  const cashier = useCashierName(db, open?.cashierId);

  const select = (sale: SaleRecord) => {
    setOpenId(sale.saleId);
    setReturning(false);
    setQuery('');
  };
  const show = (text: string) =>
    void findSale(db, text).then((sale) => {
      setNotFound(sale === undefined);
      if (sale) select(sale);
    });
  const find = (event: FormEvent) => {
    event.preventDefault();
    show(query);
  };
  // A scanner reading the receipt's QR code is taken as a scan wherever the focus is, not typed
  // into the search field: the scan itself opens the sale.
  useScans((entry) => {
    if (entry.scan.kind === 'link') show(entry.scan.raw);
  });

  return (
    <main className="sales-screen" data-testid="sales-screen">
      <section className="sales-list">
        <h2>{t('sales.title')}</h2>
        <form onSubmit={find}>
          <input
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('sales.find')}
            aria-label={t('sales.find')}
            data-testid="sales-find"
          />
        </form>
        {notFound && <p className="alert">{t('sales.notFound')}</p>}
        {sales.length === 0 ? (
          <p>{t('sales.none')}</p>
        ) : (
          <table>
            <tbody>
              {sales.map((s) => (
                <tr key={s.saleId} data-testid="sales-row" className={s.saleId === openId ? 'selected' : ''}>
                  <td>{s.receiptNo}</td>
                  <td>
                    {new Date(s.wallTime).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
                  </td>
                  <td className="num">{money(s.totalMinor)}</td>
                  <td data-testid="sales-sync" data-state={s.syncState}>
                    {t(`sales.${s.syncState}`)}
                  </td>
                  <td>
                    <button type="button" onClick={() => select(s)}>
                      {t('sales.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {open && (
        <section className="sales-detail">
          <ReceiptView receipt={buildReceipt(open, device.store, cashier)} onPrint={() => window.print()} />
          <div>
            {returning ? (
              <ReturnForm
                sale={open}
                money={money}
                approve={approveReturn}
                onDone={() => setReturning(false)}
              />
            ) : (
              // The sale found by a scan or a typed number is the one to return: Enter starts it.
              <button type="button" autoFocus onClick={() => setReturning(true)} data-testid="sales-return">
                {t('sales.return')}
              </button>
            )}
          </div>
        </section>
      )}
    </main>
  );
}
