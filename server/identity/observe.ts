import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { nameKey } from '../../shared/identity/nameKey';
import { normalizeIdentifier } from '../../shared/identity/normalize';
import type { Database } from '../db/schema';
import { appendAudit, type AuditEntry } from './audit';
import { clusterMembers, identifiersOf } from './graph';
import { LIMITS, uniqueKeyOf, withinTypeLimits } from './guardrails';
import { mergeClusters, queueReview } from './merge';
import { suppressionHash } from './suppressionKey';
import { inTransaction } from './tx';
import type { IdentifierType, Observation, ObserveResult } from './types';

type Item = { type: IdentifierType; value: string; verified: boolean };
type Known = Item & {
  id: string;
  home: string;
  root: string;
  storedVerified: boolean;
  lastSeenAt: string;
  shared?: boolean;
};

/** What only the server's own paths pass: the profile a till already created for a new card. */
export type ObserveOptions = { newCustomerId?: string };

/**
 * Normalizes, drops junk and unusable values, and merges duplicates of one value (verified if any
 * copy is).
 */
function usableItems(obs: Observation, audit: AuditEntry[]): Item[] {
  const items = new Map<string, Item>();
  for (const raw of obs.identifiers) {
    const normalized = normalizeIdentifier(raw.type, raw.value, {
      ...(obs.connectionId !== undefined ? { connectionId: obs.connectionId } : {}),
      ...(obs.phoneCountry !== undefined ? { phoneCountry: obs.phoneCountry } : {}),
    });
    if (!normalized.ok) {
      if (normalized.why === 'junk') {
        audit.push({
          kind: 'refused',
          evidence: obs.evidence,
          source_ref: obs.sourceRef,
          reason: `junk_${raw.type}`,
        });
      }
      continue;
    }
    const key = `${raw.type}\u0000${normalized.value}`;
    const seen = items.get(key);
    items.set(key, { type: raw.type, value: normalized.value, verified: raw.verified || !!seen?.verified });
  }
  return [...items.values()];
}

/**
 * Whether a value may decide which profile an observation belongs to and join profiles: verified
 * values only, and never a visitor id, which a shared computer carries for several people.
 */
const isStrong = (item: Item) => item.verified && item.type !== 'visitor';

/**
 * The observation's identifiers join the graph under the guardrails of docs/identity.md §4, in
 * one transaction (the caller's when given one).
 */
export async function observeIdentifiers(
  db: Kysely<Database>,
  obs: Observation,
  options: ObserveOptions = {},
): Promise<ObserveResult> {
  return inTransaction(db, async (trx) => {
    const at = new Date().toISOString();
    const audit: AuditEntry[] = [];
    const items = usableItems(obs, audit);
    if (items.length === 0) {
      await appendAudit(trx, audit, at);
      return { customerId: null, outcome: 'ignored' };
    }

    const rows = await trx
      .selectFrom('identity_identifiers as i')
      .innerJoin('customers as c', 'c.id', 'i.customer_id')
      .select(['i.id', 'i.type', 'i.value', 'i.customer_id', 'i.verified', 'i.last_seen_at', 'c.merged_into'])
      .where((eb) =>
        eb.or(items.map((i) => eb.and([eb('i.type', '=', i.type), eb('i.value', '=', i.value)]))),
      )
      .execute();

    // An erased person's values never come back, whatever else the observation carries with them.
    // Only values the graph does not hold can be erased ones: erasure removes them from it.
    const unknown = items.filter((i) => !rows.some((r) => r.type === i.type && r.value === i.value));
    const suppressed =
      unknown.length === 0
        ? undefined
        : await trx
            .selectFrom('identity_suppressions')
            .select('key_hash')
            .where(
              'key_hash',
              'in',
              unknown.map((i) => suppressionHash(i.type, i.value)),
            )
            .executeTakeFirst();
    if (suppressed) {
      await appendAudit(
        trx,
        [{ kind: 'suppressed', evidence: obs.evidence, source_ref: obs.sourceRef, reason: 'erased_value' }],
        at,
      );
      return { customerId: null, outcome: 'suppressed' };
    }

    const known = new Map<string, Known>();
    for (const r of rows) {
      const item = items.find((i) => i.type === r.type && i.value === r.value);
      if (!item) continue;
      known.set(`${r.type}\u0000${r.value}`, {
        ...item,
        id: r.id,
        home: r.customer_id,
        root: r.merged_into ?? r.customer_id,
        storedVerified: r.verified === 1,
        lastSeenAt: r.last_seen_at,
      });
    }
    // A card rung up for many buyers in a day (a cashier's house card, a staff card) says nothing
    // about who is who: it joins no one and decides nothing (docs/identity.md §4, shared cards).
    if (items.length > 1) {
      for (const [key, k] of known) {
        if (k.type === 'card' && (await isSharedCard(trx, k.id, at))) known.set(key, { ...k, shared: true });
      }
    }
    const knownOf = (i: Item) => known.get(`${i.type}\u0000${i.value}`);
    const fresh = items.filter((i) => !knownOf(i));
    const deciding = [...known.values()].filter((k) => !k.shared);
    const strongRoots = [...new Set(deciding.filter(isStrong).map((k) => k.root))];
    const claimRoots = [
      ...new Set(deciding.filter((k) => !isStrong(k) && k.type !== 'visitor').map((k) => k.root)),
    ];
    const visitorRoots = [...new Set(deciding.filter((k) => k.type === 'visitor').map((k) => k.root))];

    let target: string | null = null;
    let outcome: ObserveResult['outcome'] = 'linked';
    let reviewId: string | undefined;
    if (strongRoots.length > 1) {
      const merged = await mergeClusters(
        trx,
        strongRoots,
        { evidence: obs.evidence, sourceRef: obs.sourceRef, decidedBy: null },
        at,
      );
      if (merged.ok) {
        target = merged.survivorId;
        outcome = 'merged';
        for (const [key, k] of known) {
          if (strongRoots.includes(k.root)) known.set(key, { ...k, root: merged.survivorId });
        }
      } else {
        outcome = 'refused';
        if (merged.reviewId) reviewId = merged.reviewId;
      }
    } else if (strongRoots.length === 1) {
      target = strongRoots[0] ?? null;
    } else if (items.some(isStrong)) {
      // A verified value nobody holds yet (or a shared card) is no one known: unverified claims
      // that came along do not decide who it is.
      target = null;
    } else if (claimRoots.length > 1) {
      outcome = 'refused';
      audit.push({
        kind: 'refused',
        customer_id: claimRoots[0] ?? null,
        other_customer_id: claimRoots[1] ?? null,
        evidence: obs.evidence,
        source_ref: obs.sourceRef,
        reason: 'ambiguous_claims',
      });
    } else if (claimRoots.length === 1) {
      target = claimRoots[0] ?? null;
    } else if (visitorRoots.length === 1 && fresh.every((i) => i.type === 'visitor')) {
      // A browser decides nothing about a new email or phone typed in it: a family computer
      // carries several people, so that contact starts a profile of its own.
      target = visitorRoots[0] ?? null;
    } else if (visitorRoots.length > 1) {
      outcome = 'refused';
    }

    if (outcome !== 'refused' && target === null) {
      // Nothing known: a visitor id alone makes no profile; a contact or card does.
      if (fresh.every((i) => i.type === 'visitor') && !options.newCustomerId) {
        await touchAndLink(trx, [...known.values()], obs, at);
        await appendAudit(trx, audit, at);
        return { customerId: null, outcome: 'ignored' };
      }
      target = options.newCustomerId ?? (await createProfile(trx, at));
      outcome = 'created';
      audit.push({ kind: 'created', customer_id: target, evidence: obs.evidence, source_ref: obs.sourceRef });
    }

    if (target !== null) {
      await attachFresh(trx, target, fresh, obs, at, audit);
      await noteHeldElsewhere(trx, target, [...known.values()], obs, at, audit);
      if (obs.consent) await recordConsent(trx, target, obs, at);
    }
    await touchAndLink(trx, [...known.values()], obs, at);
    await appendAudit(trx, audit, at);
    return { customerId: target, outcome, ...(reviewId ? { reviewId } : {}) };
  });
}

/** A card with more sales than one person makes in a day, within the last day (server time). */
async function isSharedCard(trx: Kysely<Database>, identifierId: string, at: string): Promise<boolean> {
  const since = new Date(Date.parse(at) - 86_400_000).toISOString();
  const sales = await trx
    .selectFrom('identity_links')
    .select('id')
    .where('identifier_id', '=', identifierId)
    .where('evidence', '=', 'card_at_sale')
    .where('created_at', '>', since)
    .limit(LIMITS.sharedCardSalesPerDay + 1)
    .execute();
  return sales.length > LIMITS.sharedCardSalesPerDay;
}

async function createProfile(trx: Kysely<Database>, at: string): Promise<string> {
  const id = uuidv7();
  await trx
    .insertInto('customers')
    .values({ id, display_name: '', phone: null, email: null, created_at: at, name_key: nameKey('') })
    .execute();
  return id;
}

/**
 * New values join the target's cluster unless that would break a guardrail: a second value of a
 * unique type (another shop account of the same shop, a second verified phone where one exists is
 * fine only within the limit), or a type over its limit, as a staff card scanned for strangers
 * collects their emails.
 */
async function attachFresh(
  trx: Kysely<Database>,
  target: string,
  fresh: readonly Item[],
  obs: Observation,
  at: string,
  audit: AuditEntry[],
): Promise<void> {
  if (fresh.length === 0) return;
  const cluster = await identifiersOf(trx, await clusterMembers(trx, [target]));
  for (const item of fresh) {
    const candidate = {
      id: uuidv7(),
      type: item.type,
      value: item.value,
      customer_id: target,
      verified: item.verified ? 1 : 0,
      first_seen_at: at,
      last_seen_at: at,
    };
    const key = item.type === 'shop_account' ? uniqueKeyOf(candidate) : null;
    const conflict = key !== null && cluster.some((c) => uniqueKeyOf(c) === key);
    const overLimit = withinTypeLimits([...cluster, candidate], at) !== null;
    if (conflict || overLimit) {
      audit.push({
        kind: 'refused',
        customer_id: target,
        evidence: obs.evidence,
        source_ref: obs.sourceRef,
        reason: conflict ? `unique_${item.type}` : `limit_${item.type}`,
      });
      continue;
    }
    const inserted = await trx
      .insertInto('identity_identifiers')
      .values(candidate)
      .onConflict((oc) => oc.columns(['type', 'value']).doNothing())
      .executeTakeFirst();
    // A concurrent observation recorded the same value first; it stays where that one put it.
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    cluster.push(candidate);
    audit.push({
      kind: 'linked',
      customer_id: target,
      identifier_id: candidate.id,
      evidence: obs.evidence,
      source_ref: obs.sourceRef,
    });
    await trx
      .insertInto('identity_links')
      .values({
        id: uuidv7(),
        identifier_id: candidate.id,
        evidence: obs.evidence,
        source_ref: obs.sourceRef,
        verified: candidate.verified,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['identifier_id', 'evidence', 'source_ref']).doNothing())
      .execute();
  }
}

/**
 * A known value another profile holds stays with it (a family phone, a shared computer); once it
 * has been refused this way often enough, HQ is asked to look.
 */
async function noteHeldElsewhere(
  trx: Kysely<Database>,
  target: string,
  known: readonly Known[],
  obs: Observation,
  at: string,
  audit: AuditEntry[],
): Promise<void> {
  for (const k of known) {
    if (k.root === target) continue;
    audit.push({
      kind: 'refused',
      customer_id: target,
      other_customer_id: k.root,
      identifier_id: k.id,
      evidence: obs.evidence,
      source_ref: obs.sourceRef,
      reason: k.type === 'visitor' ? 'shared_visitor' : 'held_by_other',
    });
    if (k.type === 'visitor') continue;
    const refusals = await trx
      .selectFrom('identity_audit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('identifier_id', '=', k.id)
      .where('reason', '=', 'held_by_other')
      .executeTakeFirstOrThrow();
    if (Number(refusals.n) + 1 >= LIMITS.sharedValueReviewAfter) {
      await queueReview(
        trx,
        k.root,
        target,
        'shared_value',
        { evidence: obs.evidence, sourceRef: obs.sourceRef },
        at,
        k.id,
      );
    }
  }
}

/** How stale a value's last-seen time may get before a sighting rewrites it. */
export const LAST_SEEN_STEP_MS = 3_600_000;

/** Known values: last seen now, verified once any evidence verified them, and the link logged. */
async function touchAndLink(trx: Kysely<Database>, known: readonly Known[], obs: Observation, at: string) {
  const staleBefore = new Date(Date.parse(at) - LAST_SEEN_STEP_MS).toISOString();
  for (const k of known) {
    const verify = k.verified && !k.storedVerified;
    // A card rung up all day would rewrite its row at every sale; last seen to the hour is enough
    // (the visitor window counts days), and the links keep every exact time.
    if (verify || k.lastSeenAt < staleBefore) {
      await trx
        .updateTable('identity_identifiers')
        .set(verify ? { last_seen_at: at, verified: 1 } : { last_seen_at: at })
        .where('id', '=', k.id)
        .execute();
    }
    await trx
      .insertInto('identity_links')
      .values({
        id: uuidv7(),
        identifier_id: k.id,
        evidence: obs.evidence,
        source_ref: obs.sourceRef,
        verified: k.verified ? 1 : 0,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['identifier_id', 'evidence', 'source_ref']).doNothing())
      .execute();
  }
}

/** Consent the observation carried, appended to the customer's consent history. */
async function recordConsent(trx: Kysely<Database>, customerId: string, obs: Observation, at: string) {
  const given = [
    ['personal_data', obs.consent?.personalData],
    ['marketing', obs.consent?.marketing],
  ] as const;
  const rows = given
    .filter((g): g is readonly [(typeof g)[0], boolean] => g[1] !== undefined)
    .map(([kind, granted]) => ({
      id: uuidv7(),
      customer_id: customerId,
      kind,
      granted: granted ? 1 : 0,
      given_at: at,
      received_at: at,
      source: obs.evidence,
      store_id: null,
      device_id: null,
      op_id: obs.sourceRef,
    }));
  if (rows.length > 0) await trx.insertInto('customer_consents').values(rows).execute();
}
