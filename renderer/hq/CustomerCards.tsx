import { useEffect, useState, type FormEvent } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { dateTime } from './format';
import { useHqT, type HqTranslate } from './hqI18n';
import { ReasonInput } from './ReasonInput';

type Card = HqOutputs['cards']['ofCustomer'][number];
type Acting = { card: string; kind: 'block' | 'unblock' };

/**
 * The customer's cards with their state and HQ's last change; admins and store managers block a
 * lost card (handing over a new one in its place, if the customer has it) or unblock one found.
 */
export function CustomerCards({ customerId, canChange }: { customerId: string; canChange: boolean }) {
  const t = useHqT();
  const [cards, setCards] = useState<Card[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [acting, setActing] = useState<Acting | null>(null);
  useEffect(() => {
    let current = true;
    hq.hq.cards.ofCustomer.query({ customerId }).then(
      (answer) => current && setCards(answer),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [customerId, version]);
  if (error) return <p className="alert">{error}</p>;
  if (!cards || cards.length === 0) return null;
  return (
    <section className="customer-cards" data-testid="customer-cards">
      <h3>{t('cards.title')}</h3>
      <p className="muted">{t('cards.lead')}</p>
      <table>
        <tbody>
          {cards.map((card) => (
            <tr
              key={card.number}
              data-testid="customer-card"
              data-card={card.number}
              data-status={card.status}
            >
              <td>
                <code>{card.number}</code>
              </td>
              <td>
                <span className={`badge ${card.status === 'blocked' ? 'warn' : 'ok'}`}>
                  {t(`cards.${card.status}`)}
                </span>
              </td>
              <td className="muted">
                {t('cards.issuedAt', {
                  at: dateTime(card.issuedAt),
                  where: card.issuedStore ?? t('cards.issuedHq'),
                })}
                {card.lastChange && <div data-testid="card-change">{changeWords(card.lastChange, t)}</div>}
              </td>
              <td>
                {canChange && acting?.card !== card.number && (
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      setActing({ card: card.number, kind: card.status === 'active' ? 'block' : 'unblock' })
                    }
                    data-testid={card.status === 'active' ? 'card-block' : 'card-unblock'}
                  >
                    {t(card.status === 'active' ? 'cards.block' : 'cards.unblock')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {acting && (
        <CardStatusForm
          acting={acting}
          t={t}
          onDone={() => {
            setActing(null);
            setVersion((v) => v + 1);
          }}
          onCancel={() => setActing(null)}
        />
      )}
    </section>
  );
}

function changeWords(change: NonNullable<Card['lastChange']>, t: HqTranslate): string {
  const words = t(change.status === 'blocked' ? 'cards.blockedBy' : 'cards.unblockedBy', {
    name: change.byName ?? '—',
    at: dateTime(change.at),
    reason: change.reason,
  });
  return change.replacedBy ? `${words} · ${t('cards.replacedBy', { card: change.replacedBy })}` : words;
}

function CardStatusForm({
  acting,
  t,
  onDone,
  onCancel,
}: {
  acting: Acting;
  t: HqTranslate;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [replacement, setReplacement] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (acting.kind === 'block') {
        const next = replacement.trim();
        await hq.hq.cards.block.mutate({
          cardNumber: acting.card,
          reason,
          replacement: next === '' ? null : next,
        });
      } else {
        await hq.hq.cards.unblock.mutate({ cardNumber: acting.card, reason });
      }
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="card-form">
      <strong>
        <code>{acting.card}</code>
      </strong>
      <ReasonInput label={t('cards.reason')} value={reason} onChange={setReason} testId="card-reason" />
      {acting.kind === 'block' && (
        <label>
          {t('cards.replacement')}
          <input
            value={replacement}
            onChange={(e) => setReplacement(e.target.value)}
            maxLength={32}
            inputMode="numeric"
            data-testid="card-replacement"
          />
        </label>
      )}
      <button type="submit" disabled={busy} data-testid="card-confirm">
        {t(acting.kind === 'block' ? 'cards.confirmBlock' : 'cards.confirmUnblock')}
      </button>
      <button type="button" className="link" onClick={onCancel}>
        {t('cards.cancel')}
      </button>
      {error && (
        <p className="alert" data-testid="card-error">
          {error}
        </p>
      )}
    </form>
  );
}
