export type AdjustmentDraft = { points: string; reason: string };
export type AdjustmentCheck =
  { ok: true; points: number; reason: string } | { ok: false; field: 'points' | 'reason' };

/**
 * The points an adjustment of a flagged entry starts with: what brings an overdrawn balance back
 * to zero; nothing for a balance that is not below zero.
 */
export function suggestedPoints(balanceAfter: number | null): number | null {
  return balanceAfter !== null && balanceAfter < 0 ? -balanceAfter : null;
}

/** Checks an adjustment as typed, before it is sent: a whole number other than zero, and a reason. */
export function checkAdjustment(draft: AdjustmentDraft): AdjustmentCheck {
  const text = draft.points.trim().replace(/^\+/, '').replace('−', '-');
  const points = /^-?\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(points) || points === 0 || Math.abs(points) > 1_000_000_000)
    return { ok: false, field: 'points' };
  const reason = draft.reason.trim();
  if (reason.length < 3) return { ok: false, field: 'reason' };
  return { ok: true, points, reason };
}
