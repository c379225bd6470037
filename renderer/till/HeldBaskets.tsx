import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../app/i18n';
import type { HeldBasketRecord } from '../db/database';
import { cartTotal } from './cart';

type Props = {
  held: readonly HeldBasketRecord[];
  money: (minor: number) => string;
  onRecall: (id: number) => void;
  onClose: () => void;
};

/** The baskets put aside on this till, oldest first; arrows choose, Enter recalls, Esc closes. */
export function HeldBaskets({ held, money, onRecall, onClose }: Props) {
  const t = useT();
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => list.current?.focus(), []);
  const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  const keyDown = (event: KeyboardEvent) => {
    const chosen = held[Math.min(active, held.length - 1)];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (held.length > 0)
        setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : -1) + held.length) % held.length);
    } else if (event.key === 'Enter' && chosen?.id !== undefined) {
      event.preventDefault();
      onRecall(chosen.id);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <section
      className="held-baskets"
      role="dialog"
      aria-label={t('basket.heldTitle')}
      data-testid="held-baskets"
    >
      <h2>{t('basket.heldTitle')}</h2>
      {held.length === 0 ? (
        <p>{t('basket.noneHeld')}</p>
      ) : (
        <ul ref={list} tabIndex={0} role="listbox" onKeyDown={keyDown}>
          {held.map((basket, i) => (
            <li
              key={basket.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onClick={() => basket.id !== undefined && onRecall(basket.id)}
              data-testid="held-basket"
            >
              <span>{clock(basket.heldAt)}</span>
              <span>
                {basket.cart.lines[0]?.product.name ?? '—'} · {t('basket.lines')}: {basket.cart.lines.length}
              </span>
              <strong>{money(cartTotal(basket.cart))}</strong>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">{t('basket.recallHint')}</p>
    </section>
  );
}
