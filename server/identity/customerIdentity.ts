import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { clusterMembers, identifiersOf, profileHeads, rootOf } from './graph';

export type ConsentState = { personalData: boolean | null; marketing: boolean | null };

/**
 * The cluster's consent, the most restrictive answer winning: granted only when the latest
 * answer of every profile that answered is yes; null when no profile was asked.
 */
export async function clusterConsent(
  db: Kysely<Database>,
  members: readonly string[],
): Promise<ConsentState> {
  if (members.length === 0) return { personalData: null, marketing: null };
  const rows = await db
    .selectFrom('customer_consents')
    .select(['customer_id', 'kind', 'granted', 'received_at', 'id'])
    .where('customer_id', 'in', [...members])
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(`${r.kind}\u0000${r.customer_id}`, r.granted);
  const verdict = (kind: string): boolean | null => {
    const answers = [...latest].filter(([k]) => k.startsWith(`${kind}\u0000`)).map(([, g]) => g);
    return answers.length === 0 ? null : answers.every((g) => g === 1);
  };
  return { personalData: verdict('personal_data'), marketing: verdict('marketing') };
}

/** The surviving profile of a customer id and every profile merged into it. */
export async function customerCluster(
  db: Kysely<Database>,
  customerId: string,
): Promise<{ customerId: string; members: string[] } | null> {
  const head = (await profileHeads(db, [customerId])).get(customerId);
  if (!head) return null;
  const root = rootOf(head);
  return { customerId: root, members: await clusterMembers(db, [root]) };
}

const AUDIT_SHOWN = 200;

/**
 * What HQ's customer page shows about identity: the surviving profile, the profiles merged into
 * it, every identifier with where it came from, the merges (with their evidence, and whether HQ
 * undid them), the consent in force and the latest audit entries.
 */
export async function customerIdentity(db: Kysely<Database>, customerId: string) {
  const cluster = await customerCluster(db, customerId);
  if (!cluster) return null;
  const { members } = cluster;
  const profiles = await db
    .selectFrom('customers')
    .select(['id', 'display_name', 'phone', 'email', 'created_at', 'merged_into', 'erased_at'])
    .where('id', 'in', members)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const identifiers = await identifiersOf(db, members);
  const merges = await db
    .selectFrom('identity_merges')
    .selectAll()
    .where((eb) => eb.or([eb('survivor_id', 'in', members), eb('merged_id', 'in', members)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const audit = await db
    .selectFrom('identity_audit')
    .selectAll()
    .where((eb) => eb.or([eb('customer_id', 'in', members), eb('other_customer_id', 'in', members)]))
    .orderBy('id', 'desc')
    .limit(AUDIT_SHOWN)
    .execute();
  const survivor = profiles.find((p) => p.id === cluster.customerId);
  // Verified values before unverified, then the oldest: what HQ shows as the customer's contact.
  const primary = (type: 'phone' | 'email') =>
    identifiers
      .filter((i) => i.type === type)
      .sort((a, b) => b.verified - a.verified || (a.first_seen_at < b.first_seen_at ? -1 : 1))[0]?.value ??
    null;
  return {
    customerId: cluster.customerId,
    displayName: survivor?.display_name || profiles.find((p) => p.display_name)?.display_name || '',
    erasedAt: survivor?.erased_at ?? null,
    phone: primary('phone'),
    email: primary('email'),
    consent: await clusterConsent(db, members),
    profiles: profiles.map((p) => ({
      customerId: p.id,
      displayName: p.display_name,
      createdAt: p.created_at,
      mergedInto: p.merged_into,
    })),
    identifiers: identifiers.map((i) => ({
      id: i.id,
      type: i.type,
      value: i.value,
      verified: i.verified === 1,
      homeCustomerId: i.customer_id,
      firstSeenAt: i.first_seen_at,
      lastSeenAt: i.last_seen_at,
    })),
    merges: merges.map((m) => ({
      mergeId: m.id,
      survivorId: m.survivor_id,
      mergedId: m.merged_id,
      evidence: m.evidence,
      sourceRef: m.source_ref,
      decidedBy: m.decided_by,
      createdAt: m.created_at,
      undoneAt: m.undone_at,
      undoneBy: m.undone_by,
    })),
    audit: audit.map((a) => ({
      id: a.id,
      kind: a.kind,
      customerId: a.customer_id,
      otherCustomerId: a.other_customer_id,
      identifierId: a.identifier_id,
      evidence: a.evidence,
      sourceRef: a.source_ref,
      reason: a.reason,
      actor: a.actor,
      createdAt: a.created_at,
    })),
  };
}

export type CustomerIdentity = NonNullable<Awaited<ReturnType<typeof customerIdentity>>>;
