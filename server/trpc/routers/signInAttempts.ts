import { recentFailures } from '../../security/attemptLimiter';
import { hqAdminProcedure, router } from '../init';

/** HQ admins see who is failing to sign in or enrol, and which lockouts are in force. */
export const signInAttemptsRouter = router({
  recent: hqAdminProcedure.query(async ({ ctx }) => {
    const rows = await recentFailures(ctx.db);
    // Webhook signatures are the connections' business, shown with them (hq.webshop.connections).
    return rows
      .filter((row) => row.kind !== 'webhook_signature')
      .map((row) => ({
        action: row.kind === 'enrol_address' ? ('enrolment' as const) : ('sign-in' as const),
        scope: row.kind === 'login_account' ? ('account' as const) : ('address' as const),
        key: row.key,
        failures: row.failures,
        firstFailedAt: row.firstFailedAt,
        lastFailedAt: row.lastFailedAt,
        lockedUntil: row.lockedUntil,
      }));
  }),
});
