import { useState, type FormEvent } from 'react';
import { useReloadingQuery } from './useReloadingQuery';
import { dateTime } from './format';
import { hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';
import { useHqStores, type HqStore } from './useHqStores';

type Connection = HqOutputs['webshop']['connections'][number];
type Platform = Connection['platform'];
type Location = { locationId: string; title: string; storeId: string };
/** Secrets are shown once, right after they are made; the server never shows them again. */
type Shown = { id: string; secret: string; outboundSecret?: string };

const PLATFORMS: readonly Platform[] = ['generic', 'shopify', 'woocommerce'];

/** Web-shop connections for admins: list, create, rotate the secret, disable. */
export function WebshopConnectionsPage() {
  const t = useHqT();
  const [shown, setShown] = useState<Shown | null>(null);
  const {
    data: connections,
    error,
    setError,
    run,
  } = useReloadingQuery(() => hq.hq.webshop.connections.query());
  const stores = useHqStores(setError);
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? t('hooks.unknownStore');

  return (
    <main className="page users">
      <h2>{t('hq.nav.webshops')}</h2>
      <p className="muted">{t('hooks.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {shown && (
        <div className="code" data-testid="shown-secret">
          {shown.outboundSecret ? (
            <>
              <p>{t('hooks.secretsOnce', { id: shown.id })}</p>
              <p>
                {t('hooks.inbound')}: <b>{shown.secret}</b>
              </p>
              <p>
                {t('hooks.outboundSecret')}: <b>{shown.outboundSecret}</b>
              </p>
            </>
          ) : (
            <p>
              {t('hooks.newSecret', { id: shown.id })} <b>{shown.secret}</b> — {t('hooks.rotatingNote')}
            </p>
          )}
          <button type="button" className="link" onClick={() => setShown(null)}>
            {t('hooks.done')}
          </button>
        </div>
      )}
      {connections && (
        <table className="users-table" data-testid="connections">
          <thead>
            <tr>
              <th>{t('hooks.id')}</th>
              <th>{t('hooks.name')}</th>
              <th>{t('hooks.locations')}</th>
              <th>{t('hooks.holdDays')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => (
              <tr key={c.id} className={c.disabledAt ? 'disabled' : ''} data-testid="connection-row">
                <td>
                  <code>{c.id}</code>
                  <br />
                  <span className="muted">{c.platform}</span>
                </td>
                <td>
                  {c.name}
                  <br />
                  <span className="muted">
                    {c.disabledAt ? t('hooks.disabled', { at: dateTime(c.disabledAt) }) : t('hooks.enabled')}
                    {c.rotating && ` · ${t('hooks.rotating')}`}
                  </span>
                  <br />
                  <span className="muted">
                    {t('hooks.inbox', {
                      pending: c.inbox.pending,
                      failed: c.inbox.failed,
                      last: dateTime(c.inbox.lastReceivedAt),
                    })}
                  </span>
                  <br />
                  <span className="muted" data-testid="connection-outbound">
                    {t('hooks.sent', {
                      delivered: c.outbound.delivered,
                      pending: c.outbound.pending,
                      failing: c.outbound.failing,
                    })}
                  </span>
                </td>
                <td>
                  {c.locations.map((l, i) => (
                    <div key={i}>
                      {[l.locationId, l.title && `“${l.title}”`].filter(Boolean).join(' ')} →{' '}
                      {storeName(l.storeId)}
                    </div>
                  ))}
                </td>
                <td>{c.holdDays}</td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() =>
                      run(async () => {
                        const made = await hq.hq.webshop.rotateSecret.mutate({ id: c.id, which: 'inbound' });
                        setShown({ id: c.id, secret: made.secret });
                      })
                    }
                  >
                    {t('hooks.rotate')}
                  </button>
                  {c.rotating && (
                    <button
                      type="button"
                      onClick={() => run(() => hq.hq.webshop.endRotation.mutate({ id: c.id }))}
                    >
                      {t('hooks.endRotation')}
                    </button>
                  )}
                  <button
                    type="button"
                    className={c.disabledAt ? '' : 'danger'}
                    onClick={() =>
                      run(() =>
                        hq.hq.webshop.setConnectionEnabled.mutate({ id: c.id, enabled: !!c.disabledAt }),
                      )
                    }
                  >
                    {c.disabledAt ? t('hooks.enable') : t('hooks.disable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewConnection
        stores={stores}
        onCreate={(input) =>
          run(async () => {
            const made = await hq.hq.webshop.createConnection.mutate(input);
            setShown({ id: made.id, secret: made.secret, outboundSecret: made.outboundSecret });
          })
        }
      />
    </main>
  );
}

type NewInput = Parameters<typeof hq.hq.webshop.createConnection.mutate>[0];

function NewConnection({ stores, onCreate }: { stores: HqStore[]; onCreate: (input: NewInput) => void }) {
  const t = useHqT();
  const [id, setId] = useState('');
  const [platform, setPlatform] = useState<Platform>('generic');
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const [outboundUrl, setOutboundUrl] = useState('');
  const [holdDays, setHoldDays] = useState(3);
  const [locations, setLocations] = useState<Location[]>([]);
  const edit = (i: number, change: Partial<Location>) =>
    setLocations(locations.map((l, j) => (j === i ? { ...l, ...change } : l)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onCreate({
      id: id.trim(),
      platform,
      name,
      allowedOrigins: origins
        .split(/\s+/)
        .map((o) => o.trim())
        .filter(Boolean),
      outboundUrl: outboundUrl.trim() || null,
      holdDays,
      locations: locations.map((l) => ({
        storeId: l.storeId,
        ...(l.locationId.trim() && { locationId: l.locationId.trim() }),
        ...(l.title.trim() && { title: l.title.trim() }),
      })),
    });
  };
  return (
    <form className="new-user" onSubmit={submit} data-testid="new-connection">
      <h2>{t('hooks.new')}</h2>
      <div className="fields">
        <input value={id} onChange={(e) => setId(e.target.value)} placeholder={t('hooks.id')} required />
        <select value={platform} onChange={(e) => setPlatform(e.target.value as Platform)}>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('hooks.name')}
          required
        />
        <input
          value={outboundUrl}
          onChange={(e) => setOutboundUrl(e.target.value)}
          placeholder={t('hooks.outboundUrl')}
        />
        <label>
          {t('hooks.holdDays')}{' '}
          <input
            type="number"
            min={1}
            max={60}
            value={holdDays}
            onChange={(e) => setHoldDays(Number(e.target.value))}
          />
        </label>
      </div>
      <label>
        {t('hooks.origins')} <span className="muted">({t('hooks.originsHint')})</span>
        <br />
        <textarea value={origins} onChange={(e) => setOrigins(e.target.value)} rows={2} cols={50} />
      </label>
      <h3>{t('hooks.locations')}</h3>
      {locations.map((l, i) => (
        <div className="fields" key={i}>
          <input
            value={l.locationId}
            onChange={(e) => edit(i, { locationId: e.target.value })}
            placeholder={t('hooks.locationId')}
          />
          <input
            value={l.title}
            onChange={(e) => edit(i, { title: e.target.value })}
            placeholder={t('hooks.locationTitle')}
          />
          <select value={l.storeId} onChange={(e) => edit(i, { storeId: e.target.value })}>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="link"
            onClick={() => setLocations(locations.filter((_, j) => j !== i))}
          >
            {t('hooks.remove')}
          </button>
        </div>
      ))}
      <p>
        <button
          type="button"
          className="link"
          disabled={stores.length === 0}
          onClick={() =>
            setLocations([...locations, { locationId: '', title: '', storeId: stores[0]?.id ?? '' }])
          }
        >
          {t('hooks.addLocation')}
        </button>
      </p>
      <button type="submit">{t('hooks.create')}</button>
    </form>
  );
}
