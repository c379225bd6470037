import { useT, type MessageKey } from '../app/i18n';
import type { DeskState } from './handout';

const STATE_KEYS: Record<DeskState, MessageKey> = {
  awaiting: 'pickup.state.awaiting',
  ready: 'pickup.state.ready',
  collected: 'pickup.state.collected',
  partly_collected: 'pickup.state.partly_collected',
  refused: 'pickup.state.refused',
  expired: 'pickup.state.expired',
  cancelled: 'pickup.state.cancelled',
  pending_sync: 'pickup.state.pending_sync',
  rejected_here: 'pickup.state.rejected_here',
};

/** An order's state in words and colour; a ready order past its hold says so beside it. */
export function StateBadge({ state, pastHold }: { state: DeskState; pastHold: boolean }) {
  const t = useT();
  return (
    <span className="pickup-state-cell">
      <span className={`pickup-state ${state}`} data-testid="pickup-state" data-state={state}>
        {t(STATE_KEYS[state])}
      </span>
      {pastHold && <span className="pickup-state expired">{t('pickup.pastHold')}</span>}
    </span>
  );
}
