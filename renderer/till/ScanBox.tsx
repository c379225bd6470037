import { useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import type { ProductRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import { latestAnswer } from './latestAnswer';
import { quantityEntry, typedPieces } from './quantityEntry';

type Props = {
  onCode: (code: string) => void;
  onProduct: (product: ProductRow) => void;
  /** Products whose name starts with the text, from the till's catalog. */
  search: (text: string) => Promise<ProductRow[]>;
  message: string | null;
  /** An error is shown in the error colour and announced; other messages are status. */
  messageIsError?: boolean;
  money?: (minor: number) => string;
  /** `3*` typed: the quantity waiting for the next scan, shown beside the field. */
  pendingPieces?: number | null;
  onPendingPieces?: (pieces: number | null) => void;
  /** `*3` Enter, or `3` then F4: the selected line's new quantity. */
  onLinePieces?: (pieces: number) => void;
  inputRef?: Ref<HTMLInputElement>;
};

/**
 * The till's one input. A keyboard-wedge scanner types here and ends with Enter; a cashier may
 * type a code, a card number, a quantity (`3*`, `*3`) or the start of a product name and pick from
 * the list with the arrow keys.
 */
export function ScanBox({
  onCode,
  onProduct,
  search,
  message,
  messageIsError = false,
  money,
  pendingPieces = null,
  onPendingPieces,
  onLinePieces,
  inputRef,
}: Props) {
  const t = useT();
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<ProductRow[]>([]);
  const [active, setActive] = useState(0);
  // The newest keystroke wins: an older, slower search must not replace its results.
  const [answers] = useState(() =>
    latestAnswer<ProductRow[]>(
      (rows) => {
        setMatches(rows);
        setActive(0);
      },
      () => setMatches([]),
    ),
  );
  const clearMatches = () => {
    answers.cancel();
    setMatches([]);
  };
  const pick = (product: ProductRow) => {
    onProduct(product);
    setText('');
    clearMatches();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    const entry = quantityEntry(value);
    if (entry.kind === 'line' && onLinePieces) onLinePieces(entry.pieces);
    else if (/^\d/.test(value) || matches.length === 0) onCode(value);
    else onProduct(matches[Math.min(active, matches.length - 1)]!);
    setText('');
    clearMatches();
  };

  const change = (value: string) => {
    const entry = quantityEntry(value);
    // `3*` becomes a quantity at the `*`, so the field is empty again when the scanner types.
    if (entry.kind === 'before' && onPendingPieces) {
      onPendingPieces(entry.pieces);
      setText('');
      clearMatches();
      return;
    }
    setText(value);
    if (value.trim().length >= 2 && !/^\d/.test(value.trim())) answers.ask(search(value.trim()));
    else clearMatches();
  };

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (matches.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      // Handled here, so the till does not also move its line selection.
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + matches.length) % matches.length);
    } else if (event.key === 'F4' && onLinePieces) {
      event.preventDefault();
      const pieces = typedPieces(text);
      if (pieces !== undefined) {
        onLinePieces(pieces);
        setText('');
      } else setText('*');
    } else if (event.key === 'Escape' && (text !== '' || matches.length > 0 || pendingPieces !== null)) {
      event.preventDefault();
      setText('');
      clearMatches();
      onPendingPieces?.(null);
    }
  };

  return (
    <form className="scan-box" onSubmit={submit}>
      {pendingPieces !== null && (
        <span className="pending-qty" title={t('till.pendingQty')} data-testid="pending-qty">
          {pendingPieces} ×
        </span>
      )}
      <input
        ref={inputRef}
        autoFocus
        aria-label={t('till.scan')}
        placeholder={t('till.scan')}
        value={text}
        onChange={(e) => change(e.target.value)}
        onKeyDown={keyDown}
        aria-activedescendant={matches.length > 0 ? `suggestion-${active}` : undefined}
        data-testid="scan-input"
      />
      <button type="submit">{t('till.add')}</button>
      {message && (
        <p
          className={messageIsError ? 'scan-message error' : 'scan-message'}
          role={messageIsError ? 'alert' : 'status'}
          data-testid="scan-message"
        >
          {message}
        </p>
      )}
      {matches.length > 0 && (
        <ul className="suggestions" role="listbox">
          {matches.map((p, i) => (
            <li key={p.id} id={`suggestion-${i}`} role="option" aria-selected={i === active}>
              <button type="button" className={i === active ? 'active' : undefined} onClick={() => pick(p)}>
                {p.name} <small>{p.gtin}</small>
                {money && <span className="price">{money(p.priceMinor)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
