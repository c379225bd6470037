import { useState, type FormEvent } from 'react';
import type { MessageKey } from '../app/i18n';
import { useT } from '../app/i18n';
import { useScanServices, useWedgeSettings } from '../scanner/useScans';
import type { WedgeSettings } from '../scanner/wedgeSettings';

type NumberField = 'maxAvgGapMs' | 'maxGapMs' | 'minLength' | 'idleMs';
type FlagField = 'suffixEnter' | 'suffixTab' | 'requireSuffix' | 'f8IsGs';

const NUMBER_FIELDS: readonly NumberField[] = ['maxAvgGapMs', 'maxGapMs', 'minLength', 'idleMs'];
const FLAG_FIELDS: readonly FlagField[] = ['suffixEnter', 'suffixTab', 'requireSuffix', 'f8IsGs'];

type Draft = Record<NumberField, string> & Record<FlagField, boolean> & { gsText: string };

function draftOf(settings: WedgeSettings): Draft {
  return {
    maxAvgGapMs: String(settings.maxAvgGapMs),
    maxGapMs: String(settings.maxGapMs),
    minLength: String(settings.minLength),
    idleMs: String(settings.idleMs),
    suffixEnter: settings.suffixEnter,
    suffixTab: settings.suffixTab,
    requireSuffix: settings.requireSuffix,
    f8IsGs: settings.f8IsGs,
    gsText: settings.gsText,
  };
}

/** Numbers stay text while edited; the schema decides what is acceptable when saving. */
function valueOf(draft: Draft): Record<string, unknown> {
  const numbers = Object.fromEntries(
    NUMBER_FIELDS.map((field) => [field, draft[field].trim() === '' ? undefined : Number(draft[field])]),
  );
  return { ...draft, ...numbers };
}

/** The wedge detector's thresholds, saved for this till and applied at once. */
export function WedgeSettingsForm() {
  const t = useT();
  const { wedgeSettings } = useScanServices();
  const settings = useWedgeSettings();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [result, setResult] = useState<
    { ok: true } | { ok: false; error: string; fields: readonly string[] } | null
  >(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const saved = wedgeSettings.save(valueOf(draft));
    setResult(saved.ok ? { ok: true } : saved);
    if (saved.ok) setDraft(draftOf(saved.value));
  };
  const reset = () => {
    wedgeSettings.reset();
    setDraft(draftOf(wedgeSettings.get()));
    setResult({ ok: true });
  };
  const invalid = (field: string) => result !== null && !result.ok && result.fields.includes(field);
  const edit = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setResult(null);
  };

  return (
    <section className="panel">
      <h2>{t('scanners.wedge')}</h2>
      <p className="muted">{t('scanners.wedgeLead')}</p>
      {wedgeSettings.loadError !== undefined && <p className="alert">{t('scanners.loadError')}</p>}
      <form className="wedge-form" onSubmit={submit} data-testid="wedge-form">
        <div className="fields numbers">
          {NUMBER_FIELDS.map((field) => (
            <label key={field} className={invalid(field) ? 'invalid' : undefined}>
              <span>{t(`scanners.${field}` satisfies MessageKey)}</span>
              <input
                type="number"
                inputMode="numeric"
                value={draft[field]}
                onChange={(e) => edit({ [field]: e.target.value })}
                data-testid={`wedge-${field}`}
              />
            </label>
          ))}
        </div>
        <div className="fields flags">
          {FLAG_FIELDS.map((field) => (
            <label key={field} className={`check${invalid(field) ? ' invalid' : ''}`}>
              <input
                type="checkbox"
                checked={draft[field]}
                onChange={(e) => edit({ [field]: e.target.checked })}
                data-testid={`wedge-${field}`}
              />
              <span>{t(`scanners.${field}` satisfies MessageKey)}</span>
            </label>
          ))}
        </div>
        <label className={`gs-text${invalid('gsText') ? ' invalid' : ''}`}>
          <span>{t('scanners.gsText')}</span>
          <input
            value={draft.gsText}
            maxLength={8}
            onChange={(e) => edit({ gsText: e.target.value })}
            data-testid="wedge-gsText"
          />
        </label>
        <div className="actions">
          <button type="submit" className="primary" data-testid="wedge-save">
            {t('scanners.save')}
          </button>
          <button type="button" onClick={reset}>
            {t('scanners.defaults')}
          </button>
          {result?.ok === true && (
            <span className="ok" role="status">
              {t('scanners.saved')}
            </span>
          )}
        </div>
        {result?.ok === false && (
          <pre className="alert" role="alert" data-testid="wedge-error">
            {result.error}
          </pre>
        )}
      </form>
    </section>
  );
}
