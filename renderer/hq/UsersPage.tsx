import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime } from './format';
import { useHqT, type HqMessageKey } from './hqI18n';

type User = HqOutputs['users']['list'][number];
type Store = HqOutputs['stores']['stores'][number];
type Role = User['role'];

const ROLE_NAMES: Record<Role, HqMessageKey> = {
  admin: 'users.roleAdmin',
  analyst: 'users.roleAnalyst',
  store_manager: 'users.roleStoreManager',
};

/** A one-time password, shown once: the admin passes it on, its holder must replace it. */
type Handed = { email: string; password: string };

/** HQ users for admins: create, change role and stores, disable, reset a password. */
export function UsersPage({ me }: { me: string }) {
  const t = useHqT();
  const [users, setUsers] = useState<User[] | null>(null);
  const [stores, setStores] = useState<Store[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [handed, setHanded] = useState<Handed | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const load = useCallback(() => {
    hq.hq.users.list.query().then(setUsers, (e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(() => {
    load();
    hq.hq.stores.query().then(
      (o) => setStores(o.stores),
      (e: unknown) => setError(errorText(e)),
    );
  }, [load]);

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const storeName = (id: string) => stores.find((s) => s.id === id)?.code ?? id.slice(0, 8);

  return (
    <main className="page users">
      {error && <p className="alert">{error}</p>}
      {handed && (
        <p className="code" data-testid="one-time-password">
          {t('users.handedFor', { email: handed.email })} <b>{handed.password}</b> — {t('users.handedLead')}{' '}
          <button type="button" className="link" onClick={() => setHanded(null)}>
            {t('users.done')}
          </button>
        </p>
      )}
      <NewUserForm
        stores={stores}
        onCreate={(input) =>
          run(async () => {
            const created = await hq.hq.users.create.mutate(input);
            setHanded({ email: input.email.trim().toLowerCase(), password: created.oneTimePassword });
          })
        }
      />
      <table className="devices users-table" data-testid="users">
        <thead>
          <tr>
            <th>{t('users.user')}</th>
            <th>{t('users.role')}</th>
            <th>{t('users.stores')}</th>
            <th>{t('users.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users?.map((u) =>
            editing === u.id ? (
              <EditRow
                key={u.id}
                user={u}
                stores={stores}
                onCancel={() => setEditing(null)}
                onSave={(change) =>
                  run(async () => {
                    await hq.hq.users.update.mutate({ id: u.id, ...change });
                    setEditing(null);
                  })
                }
              />
            ) : (
              <tr key={u.id} className={u.disabledAt ? 'disabled' : ''} data-testid="user-row">
                <td>
                  <b>{u.name}</b>
                  <br />
                  <span className="muted">{u.email}</span>
                </td>
                <td>{t(`hq.role.${u.role}`)}</td>
                <td>
                  {u.role === 'store_manager' ? (
                    u.storeIds.map(storeName).join(', ') || <span className="warn">{t('users.noneYet')}</span>
                  ) : (
                    <span className="muted">{t('users.wholeChain')}</span>
                  )}
                </td>
                <td>
                  {u.disabledAt ? (
                    <span className="warn">{t('users.disabledAt', { at: dateTime(u.disabledAt) })}</span>
                  ) : u.mustChangePassword ? (
                    <span className="muted">{t('users.waiting')}</span>
                  ) : (
                    t('users.active')
                  )}
                </td>
                <td className="actions">
                  {u.id === me ? (
                    <span className="muted">{t('users.you')}</span>
                  ) : (
                    <>
                      <button type="button" onClick={() => setEditing(u.id)}>
                        {t('users.edit')}
                      </button>
                      <button
                        type="button"
                        onClick={() =>
                          void run(async () => {
                            const reset = await hq.hq.users.resetPassword.mutate({ id: u.id });
                            setHanded({ email: u.email, password: reset.oneTimePassword });
                          })
                        }
                      >
                        {t('users.reset')}
                      </button>
                      {u.disabledAt ? (
                        <button
                          type="button"
                          onClick={() => void run(() => hq.hq.users.enable.mutate({ id: u.id }))}
                        >
                          {t('users.enable')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => void run(() => hq.hq.users.disable.mutate({ id: u.id }))}
                        >
                          {t('users.disable')}
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </main>
  );
}

function StorePicker({
  stores,
  chosen,
  onChange,
}: {
  stores: Store[];
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  const t = useHqT();
  return (
    <fieldset className="store-picker">
      <legend>{t('users.storesTheyManage')}</legend>
      {stores.map((s) => (
        <label key={s.id}>
          <input
            type="checkbox"
            checked={chosen.includes(s.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))
            }
          />{' '}
          {s.name} <span className="muted">{s.code}</span>
        </label>
      ))}
    </fieldset>
  );
}

function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  const t = useHqT();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as Role)} aria-label={t('users.role')}>
      {(Object.keys(ROLE_NAMES) as Role[]).map((role) => (
        <option key={role} value={role}>
          {t(ROLE_NAMES[role])}
        </option>
      ))}
    </select>
  );
}

type NewUser = { email: string; name: string; role: Role; storeIds: string[] };

function NewUserForm({ stores, onCreate }: { stores: Store[]; onCreate: (input: NewUser) => Promise<void> }) {
  const t = useHqT();
  const [draft, setDraft] = useState<NewUser>({ email: '', name: '', role: 'analyst', storeIds: [] });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onCreate(draft).then(() => setDraft({ email: '', name: '', role: 'analyst', storeIds: [] }));
  };
  return (
    <form className="new-user" onSubmit={submit} data-testid="new-user">
      <h2>{t('users.new')}</h2>
      <div className="fields">
        <input
          type="email"
          required
          placeholder={t('login.email')}
          aria-label={t('login.email')}
          value={draft.email}
          onChange={(e) => setDraft({ ...draft, email: e.target.value })}
        />
        <input
          required
          placeholder={t('users.name')}
          aria-label={t('users.name')}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <RoleSelect value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
        <button type="submit">{t('users.create')}</button>
      </div>
      {draft.role === 'store_manager' && (
        <StorePicker
          stores={stores}
          chosen={draft.storeIds}
          onChange={(storeIds) => setDraft({ ...draft, storeIds })}
        />
      )}
    </form>
  );
}

function EditRow({
  user,
  stores,
  onSave,
  onCancel,
}: {
  user: User;
  stores: Store[];
  onSave: (change: { name: string; role: Role; storeIds: string[] }) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useHqT();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [storeIds, setStoreIds] = useState(user.storeIds);
  return (
    <tr className="editing">
      <td>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('users.name')} />
        <br />
        <span className="muted">{user.email}</span>
      </td>
      <td colSpan={3}>
        <RoleSelect value={role} onChange={setRole} />
        {role === 'store_manager' && <StorePicker stores={stores} chosen={storeIds} onChange={setStoreIds} />}
      </td>
      <td className="actions">
        <button type="button" onClick={() => void onSave({ name, role, storeIds })}>
          {t('users.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('stores.cancel')}
        </button>
      </td>
    </tr>
  );
}
