import { recentFailures, type AttemptKind } from '../../security/attemptLimiter';
import { hqAdminProcedure, router } from '../init';

/** HQ admins see who is failing to sign in or enrol, and which lockouts are in force. */
export const signInAttemptsRouter = router({
  recent: hqAdminProcedure.query(async ({ ctx }) => {
    const rows = await recentFailures(ctx.db);
    // Webhook signatures are the connections' business, shown with them (hq.webshop.connections).
    return rows
      .filter((row) => row.kind !== 'webhook_signature')
      .map((row) => ({
        action: actionOf(row.kind),
        scope: scopeOf(row.kind),
        key: row.key,
        failures: row.failures,
        firstFailedAt: row.firstFailedAt,
        lastFailedAt: row.lastFailedAt,
        lockedUntil: row.lockedUntil,
      }));
  }),
});

function actionOf(kind: AttemptKind): 'sign-in' | 'enrolment' | 'link code' {
  if (kind === 'enrol_address') return 'enrolment';
  return kind === 'link_visitor' || kind === 'link_address' ? 'link code' : 'sign-in';
}

function scopeOf(kind: AttemptKind): 'account' | 'address' | 'visitor' {
  if (kind === 'login_account') return 'account';
  return kind === 'link_visitor' ? 'visitor' : 'address';
}
