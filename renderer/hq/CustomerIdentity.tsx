import { useCallback, useEffect, useState } from 'react';
import { dateTime } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT, type HqMessageKey } from './hqI18n';
import { CustomerTimeline } from './CustomerTimeline';
import { UnmergeDialog, type MergeToUndo } from './UnmergeDialog';

type Identity = HqOutputs['identity']['customer'];

/**
 * One customer as the identity graph has them: every identifier with where it came from, the
 * merges with an unmerge action for admins, and the timeline across channels.
 */
export function CustomerIdentity({ customerId, canChange }: { customerId: string; canChange: boolean }) {
  const t = useHqT();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [undoing, setUndoing] = useState<MergeToUndo | null>(null);

  useEffect(() => {
    let live = true;
    hq.hq.identity.customer.query({ customerId }).then(
      (found) => live && setIdentity(found),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [customerId, version]);

  const unmerge = async (mergeId: string, reason: string) => {
    try {
      await hq.hq.identity.unmerge.mutate({ mergeId, reason });
    } catch (e) {
      throw new Error(errorText(e));
    }
    setUndoing(null);
    setVersion((v) => v + 1);
  };
  const cancel = useCallback(() => setUndoing(null), []);

  if (error) return <p className="alert">{error}</p>;
  if (!identity) return null;
  return (
    <section className="customer-view" data-testid="customer-view" data-customer={identity.customerId}>
      <div className="customer-head">
        <h2>{identity.displayName || t('customers.noName')}</h2>
        <p className="muted">
          {[identity.phone, identity.email].filter(Boolean).join(' · ')}
          {identity.profiles.length > 1 && ` · ${t('identity.profiles', { n: identity.profiles.length })}`}
        </p>
      </div>
      <h3>{t('identity.identifiers')}</h3>
      <table className="devices" data-testid="identifiers">
        <tbody>
          {identity.identifiers.map((i) => (
            <tr key={i.id} data-testid="identifier" data-type={i.type}>
              <td>{t(`identifier.${i.type}` as HqMessageKey)}</td>
              <td>
                <code>{i.value}</code>
              </td>
              <td>
                {i.verified ? t('identity.verified') : <span className="muted">{t('identity.claimed')}</span>}
              </td>
              <td className="muted">
                {t('identity.seen', { first: dateTime(i.firstSeenAt), last: dateTime(i.lastSeenAt) })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {identity.merges.length > 0 && (
        <>
          <h3>{t('identity.merges')}</h3>
          <ul className="merges" data-testid="merges">
            {identity.merges.map((m) => (
              <li key={m.mergeId} data-testid="merge">
                {dateTime(m.createdAt)} ·{' '}
                {t('identity.mergedBy', { evidence: m.evidence, source: m.sourceRef })}
                {m.undoneAt ? (
                  <span className="badge">{t('identity.undone', { at: dateTime(m.undoneAt) })}</span>
                ) : (
                  canChange && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => setUndoing(m)}
                      data-testid="unmerge"
                    >
                      {t('identity.unmerge')}
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {undoing && (
        <UnmergeDialog
          merge={undoing}
          onConfirm={(reason) => unmerge(undoing.mergeId, reason)}
          onCancel={cancel}
        />
      )}
      <CustomerTimeline key={`${identity.customerId}/${version}`} customerId={identity.customerId} />
    </section>
  );
}
