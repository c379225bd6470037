import { useState, type FormEvent } from 'react';
import type { ProductRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import { latestAnswer } from './latestAnswer';

type Props = {
  onCode: (code: string) => void;
  onProduct: (product: ProductRow) => void;
  /** Products whose name starts with the text, from the till's catalog. */
  search: (text: string) => Promise<ProductRow[]>;
  message: string | null;
};

/**
 * The till's one input. A keyboard-wedge scanner types here and ends with Enter; a cashier may
 * type a code, a card number, or the start of a product name to pick from a list.
 */
export function ScanBox({ onCode, onProduct, search, message }: Props) {
  const t = useT();
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<ProductRow[]>([]);
  // The newest keystroke wins: an older, slower search must not replace its results.
  const [answers] = useState(() => latestAnswer(setMatches, () => setMatches([])));
  const clearMatches = () => {
    answers.cancel();
    setMatches([]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    if (/^\d/.test(value) || matches.length === 0) onCode(value);
    else onProduct(matches[0]!);
    setText('');
    clearMatches();
  };

  const change = (value: string) => {
    setText(value);
    if (value.trim().length >= 2 && !/^\d/.test(value.trim())) answers.ask(search(value.trim()));
    else clearMatches();
  };

  return (
    <form className="scan-box" onSubmit={submit}>
      <input
        autoFocus
        aria-label={t('till.scan')}
        placeholder={t('till.scan')}
        value={text}
        onChange={(e) => change(e.target.value)}
        data-testid="scan-input"
      />
      <button type="submit">{t('till.add')}</button>
      {message && (
        <p className="scan-message" role="status" data-testid="scan-message">
          {message}
        </p>
      )}
      {matches.length > 0 && (
        <ul className="suggestions">
          {matches.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => {
                  onProduct(p);
                  setText('');
                  clearMatches();
                }}
              >
                {p.name} <small>{p.gtin}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
