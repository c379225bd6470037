/**
 * Milliseconds spent in each stage of storing a snapshot, summed over its parts, so a slow start
 * can be taken apart (the bootstrap benchmark prints them; docs/sync-protocol.md §17.2). Stages
 * that overlap (a fetch runs while a part is stored) are timed each on its own; `waiting for a
 * part` is what the fetches cost the storing.
 */
const totals = new Map<string, number>();

export function addStageTime(stage: string, ms: number): void {
  totals.set(stage, (totals.get(stage) ?? 0) + ms);
}

/** Runs `work`, adding its time (until its promise settles) to `stage`. */
export async function timeStage<T>(stage: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    addStageTime(stage, performance.now() - started);
  }
}

/** Runs synchronous `work`, adding its time to `stage`. */
export function timeStageNow<T>(stage: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    addStageTime(stage, performance.now() - started);
  }
}

/** The stage times so far, and starts counting afresh. */
export function takeStageTimes(): Record<string, number> {
  const taken = Object.fromEntries(totals);
  totals.clear();
  return taken;
}
