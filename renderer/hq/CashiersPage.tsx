import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { dateTime } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';
import { StorePage, type StoreItem } from './StorePicker';

type Cashier = HqOutputs['cashiers'][number];
const PIN = /^\d{4,8}$/;

/**
 * A store's cashiers: who may sign in at its tills, in which role. Admins, and store managers for
 * their stores, add cashiers, set a new PIN and switch a cashier off or on; analysts read.
 */
export function CashiersPage({ canManage }: { canManage: boolean }) {
  return (
    <StorePage>{(store) => <StoreCashiers key={store.id} store={store} canManage={canManage} />}</StorePage>
  );
}

function StoreCashiers({ store, canManage }: { store: StoreItem; canManage: boolean }) {
  const t = useHqT();
  const [cashiers, setCashiers] = useState<Cashier[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pinFor, setPinFor] = useState<string | null>(null);
  const load = useCallback(
    () =>
      hq.hq.cashiers.query({ storeId: store.id }).then(setCashiers, (e: unknown) => setError(errorText(e))),
    [store.id],
  );
  useEffect(() => void load(), [load]);

  const act = async (work: () => Promise<unknown>, done: string | null) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section data-testid="cashiers">
      <h2>{t('cashiers.title', { store: store.name })}</h2>
      <p className="muted">{t('cashiers.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {notice && (
        <p className="notice" data-testid="cashiers-notice">
          {notice}
        </p>
      )}
      {cashiers && cashiers.length === 0 && <p>{t('work.none')}</p>}
      {cashiers && cashiers.length > 0 && (
        <table className="devices">
          <thead>
            <tr>
              <th>{t('cashiers.name')}</th>
              <th>{t('cashiers.role')}</th>
              <th>{t('cashiers.status')}</th>
              <th>{t('cashiers.since')}</th>
              {canManage && <th />}
            </tr>
          </thead>
          <tbody>
            {cashiers.map((c) => (
              <tr key={c.id} className={c.active ? '' : 'disabled'} data-testid="cashier-row">
                <td>{c.name}</td>
                <td>{t(`cashiers.role.${c.role}`)}</td>
                <td className={c.active ? '' : 'warn'}>
                  {t(c.active ? 'cashiers.active' : 'cashiers.inactive')}
                </td>
                <td>{dateTime(c.createdAt)}</td>
                {canManage && (
                  <td className="actions">
                    {pinFor === c.id ? (
                      <PinForm
                        onSave={(pin) =>
                          act(
                            () => hq.hq.updateCashier.mutate({ id: c.id, pin }),
                            t('cashiers.pinSaved', { name: c.name }),
                          ).then(() => setPinFor(null))
                        }
                        onCancel={() => setPinFor(null)}
                      />
                    ) : (
                      <>
                        <button type="button" className="link" onClick={() => setPinFor(c.id)}>
                          {t('cashiers.resetPin')}
                        </button>{' '}
                        <button
                          type="button"
                          className={c.active ? 'link danger-link' : 'link'}
                          onClick={() =>
                            void act(() => hq.hq.updateCashier.mutate({ id: c.id, active: !c.active }), null)
                          }
                          data-testid="cashier-toggle"
                        >
                          {t(c.active ? 'cashiers.deactivate' : 'cashiers.activate')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && (
        <NewCashier
          onCreate={(input) =>
            act(
              () => hq.hq.createCashier.mutate({ storeId: store.id, ...input }),
              t('cashiers.created', { name: input.name }),
            )
          }
        />
      )}
    </section>
  );
}

function PinForm({ onSave, onCancel }: { onSave: (pin: string) => Promise<void>; onCancel: () => void }) {
  const t = useHqT();
  const [pin, setPin] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (PIN.test(pin)) void onSave(pin);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        value={pin}
        onChange={(e) => setPin(e.target.value)}
        aria-label={t('cashiers.resetPin')}
        placeholder={t('cashiers.pin')}
        data-testid="cashier-new-pin"
      />
      <button type="submit" disabled={!PIN.test(pin)}>
        {t('cashiers.savePin')}
      </button>
      <button type="button" className="link" onClick={onCancel}>
        {t('cashiers.cancel')}
      </button>
    </form>
  );
}

function NewCashier({
  onCreate,
}: {
  onCreate: (input: { name: string; role: 'cashier' | 'manager'; pin: string }) => Promise<void>;
}) {
  const t = useHqT();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'cashier' | 'manager'>('cashier');
  const [pin, setPin] = useState('');
  const pinOk = PIN.test(pin);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pinOk || name.trim() === '') return;
    void onCreate({ name: name.trim(), role, pin }).then(() => {
      setName('');
      setPin('');
    });
  };
  return (
    <form className="new-user" onSubmit={submit} data-testid="new-cashier">
      <h3>{t('cashiers.new')}</h3>
      <div className="fields">
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('cashiers.name')}
          aria-label={t('cashiers.name')}
          maxLength={120}
          data-testid="cashier-name"
        />
        <select
          value={role}
          onChange={(e) => setRole(e.target.value === 'manager' ? 'manager' : 'cashier')}
          aria-label={t('cashiers.role')}
          data-testid="cashier-role"
        >
          <option value="cashier">{t('cashiers.role.cashier')}</option>
          <option value="manager">{t('cashiers.role.manager')}</option>
        </select>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          placeholder={t('cashiers.pin')}
          aria-label={t('cashiers.pin')}
          data-testid="cashier-pin"
        />
        <button type="submit" disabled={!pinOk || name.trim() === ''} data-testid="cashier-create">
          {t('cashiers.create')}
        </button>
      </div>
      {pin !== '' && !pinOk && <p className="warn">{t('cashiers.pinShape')}</p>}
    </form>
  );
}
