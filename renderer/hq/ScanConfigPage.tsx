import { useEffect, useMemo, useState } from 'react';
import { classifyScan, parseScanConfig, type ScanConfig } from '../../shared/barcode';
import { parseJsonText } from '../../shared/validation';
import { z } from 'zod';
import { dateTime } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';

type Current = HqOutputs['scanConfig'];

const digits = (range: { first: number; last: number }) => `${range.first}–${range.last}`;

function ConfigTables({ config }: { config: ScanConfig }) {
  return (
    <>
      <h3>Loyalty card schemes</h3>
      <table data-testid="scan-schemes">
        <thead>
          <tr>
            <th>Name</th>
            <th>Prefix</th>
            <th>Length</th>
            <th>Check digit</th>
          </tr>
        </thead>
        <tbody>
          {config.loyaltySchemes.map((scheme) => (
            <tr key={scheme.name}>
              <td>{scheme.name}</td>
              <td>
                <code>{scheme.prefix || '—'}</code>
              </td>
              <td className="num">{scheme.length}</td>
              <td>{scheme.check}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Scale-label rules (EAN-13, digits counted from 1)</h3>
      <table data-testid="scan-rules">
        <thead>
          <tr>
            <th>Name</th>
            <th>Prefix</th>
            <th>Item code digits</th>
            <th>Value</th>
            <th>Value digits</th>
            <th>Price check digit</th>
          </tr>
        </thead>
        <tbody>
          {config.inStoreRules.map((rule) => (
            <tr key={rule.name}>
              <td>{rule.name}</td>
              <td>
                <code>{rule.prefix}</code>
              </td>
              <td>{digits(rule.itemCode)}</td>
              <td>{rule.valueKind === 'weight_grams' ? 'weight, grams' : 'price, minor units'}</td>
              <td>{digits(rule.value)}</td>
              <td>{rule.priceCheckDigit ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The edited text, checked as the server will check it: JSON first, then `parseScanConfig`. */
function checkText(text: string) {
  const json = parseJsonText(z.unknown(), text);
  return json.ok ? parseScanConfig(json.value) : json;
}

/** How a scanned code reads under the edited configuration, so HQ can try a real label first. */
function TryACode({ config }: { config: ScanConfig }) {
  const [code, setCode] = useState('2100001012342');
  const scan = code.trim() === '' ? null : classifyScan(code.trim(), config);
  let reading = '';
  if (scan?.kind === 'card') reading = `card of scheme ${scan.scheme}: ${scan.number}`;
  else if (scan?.kind === 'weighted')
    reading = `scale label, item code ${scan.itemCode}, ${scan.valueKind === 'weight_grams' ? `${scan.value} g` : `price ${scan.value}`}`;
  else if (scan?.kind === 'unknown') reading = `not accepted: ${scan.reason.replaceAll('_', ' ')}`;
  else if (scan) reading = scan.kind;
  return (
    <label className="try-code">
      Try a code <input value={code} onChange={(e) => setCode(e.target.value)} data-testid="scan-try" />{' '}
      <output data-testid="scan-try-result">{reading}</output>
    </label>
  );
}

/**
 * The chain's card schemes and scale-label rules (docs/scanners.md): what every till reads scans
 * with. Everyone at HQ may look; an admin edits the JSON, checked as typed, and saves a new version
 * that the tills pull.
 */
export function ScanConfigPage({ canEdit }: { canEdit: boolean }) {
  const [current, setCurrent] = useState<Current | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  const load = () =>
    hq.hq.scanConfig
      .query()
      .then((value) => {
        setCurrent(value);
        setText(JSON.stringify(value.config, null, 2));
      })
      .catch((error: unknown) => setProblem(errorText(error)));
  useEffect(() => void load(), []);

  const checked = useMemo(() => checkText(text), [text]);
  if (current === null) return problem ? <p className="alert">{problem}</p> : null;
  const edited = checked.ok ? checked.value : null;
  const changed = text !== JSON.stringify(current.config, null, 2);

  const save = async () => {
    if (!edited) return;
    setProblem(null);
    try {
      const result = await hq.hq.saveScanConfig.mutate({ baseVersion: current.version, config: edited });
      setSaved(result.version);
      await load();
    } catch (error) {
      setProblem(errorText(error));
    }
  };

  return (
    <section className="scan-config" data-testid="scan-config">
      <h2>Scanning: card schemes and scale labels</h2>
      <p className="muted" data-testid="scan-version">
        {current.version === 0
          ? 'Version 0: the built-in defaults; no configuration has been saved yet.'
          : `Version ${current.version}, saved ${current.createdAt ? dateTime(current.createdAt) : ''}. Tills use it from their next sync.`}
      </p>
      {saved !== null && (
        <p className="notice">Version {saved} saved; the tills pick it up on their next sync.</p>
      )}
      {problem && (
        <pre className="alert" data-testid="scan-problem">
          {problem}
        </pre>
      )}
      <ConfigTables config={edited ?? current.config} />
      <TryACode config={edited ?? current.config} />
      {canEdit && (
        <>
          <h3>Edit</h3>
          <textarea
            className="scan-json"
            rows={18}
            spellCheck={false}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(null);
            }}
            data-testid="scan-json"
          />
          {!checked.ok && (
            <ul className="alert" data-testid="scan-errors">
              {checked.error.split('\n').map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <p>
            <button
              type="button"
              disabled={!edited || !changed}
              onClick={() => void save()}
              data-testid="scan-save"
            >
              Save as version {current.version + 1}
            </button>{' '}
            <button type="button" className="link" disabled={!changed} onClick={() => void load()}>
              Discard changes
            </button>
          </p>
        </>
      )}
    </section>
  );
}
