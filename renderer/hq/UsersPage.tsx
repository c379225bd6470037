import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime } from './format';

type User = HqOutputs['users']['list'][number];
type Store = HqOutputs['stores']['stores'][number];
type Role = User['role'];

const ROLE_NAMES: Record<Role, string> = {
  admin: 'Admin — everything',
  analyst: 'Analyst — reads the whole chain',
  store_manager: 'Store manager — their stores only',
};

/** A one-time password, shown once: the admin passes it on, its holder must replace it. */
type Handed = { email: string; password: string };

/** HQ users for admins: create, change role and stores, disable, reset a password. */
export function UsersPage({ me }: { me: string }) {
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
          One-time password for {handed.email}: <b>{handed.password}</b> — shown only now. They sign in with
          it once and then choose their own.{' '}
          <button type="button" className="link" onClick={() => setHanded(null)}>
            Done
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
            <th>User</th>
            <th>Role</th>
            <th>Stores</th>
            <th>Status</th>
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
                <td>{u.role.replace('_', ' ')}</td>
                <td>
                  {u.role === 'store_manager' ? (
                    u.storeIds.map(storeName).join(', ') || <span className="warn">none yet</span>
                  ) : (
                    <span className="muted">whole chain</span>
                  )}
                </td>
                <td>
                  {u.disabledAt ? (
                    <span className="warn">disabled {dateTime(u.disabledAt)}</span>
                  ) : u.mustChangePassword ? (
                    <span className="muted">waiting for first sign-in</span>
                  ) : (
                    'active'
                  )}
                </td>
                <td className="actions">
                  {u.id === me ? (
                    <span className="muted">you</span>
                  ) : (
                    <>
                      <button type="button" onClick={() => setEditing(u.id)}>
                        Edit
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
                        Reset password
                      </button>
                      {u.disabledAt ? (
                        <button
                          type="button"
                          onClick={() => void run(() => hq.hq.users.enable.mutate({ id: u.id }))}
                        >
                          Enable
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => void run(() => hq.hq.users.disable.mutate({ id: u.id }))}
                        >
                          Disable
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
  return (
    <fieldset className="store-picker">
      <legend>Stores they manage</legend>
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
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as Role)} aria-label="Role">
      {(Object.keys(ROLE_NAMES) as Role[]).map((role) => (
        <option key={role} value={role}>
          {ROLE_NAMES[role]}
        </option>
      ))}
    </select>
  );
}

type NewUser = { email: string; name: string; role: Role; storeIds: string[] };

function NewUserForm({ stores, onCreate }: { stores: Store[]; onCreate: (input: NewUser) => Promise<void> }) {
  const [draft, setDraft] = useState<NewUser>({ email: '', name: '', role: 'analyst', storeIds: [] });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onCreate(draft).then(() => setDraft({ email: '', name: '', role: 'analyst', storeIds: [] }));
  };
  return (
    <form className="new-user" onSubmit={submit} data-testid="new-user">
      <h2>New user</h2>
      <div className="fields">
        <input
          type="email"
          required
          placeholder="Email"
          aria-label="Email"
          value={draft.email}
          onChange={(e) => setDraft({ ...draft, email: e.target.value })}
        />
        <input
          required
          placeholder="Name"
          aria-label="Name"
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <RoleSelect value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
        <button type="submit">Create</button>
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
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [storeIds, setStoreIds] = useState(user.storeIds);
  return (
    <tr className="editing">
      <td>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Name" />
        <br />
        <span className="muted">{user.email}</span>
      </td>
      <td colSpan={3}>
        <RoleSelect value={role} onChange={setRole} />
        {role === 'store_manager' && <StorePicker stores={stores} chosen={storeIds} onChange={setStoreIds} />}
      </td>
      <td className="actions">
        <button type="button" onClick={() => void onSave({ name, role, storeIds })}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </td>
    </tr>
  );
}
