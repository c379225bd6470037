import fc from 'fast-check';
import type { Observation } from '../../server/identity';
import { normalizeIdentifier, type IdentifierType } from '../../shared/identity';

/**
 * A labelled synthetic population for measuring identity resolution: people with the truth of
 * which identifiers are theirs, and the observations a chain would see of them, interleaved in
 * time. It holds what goes wrong in shops: phones and emails typed in many formats, a family
 * phone given by both spouses, a family computer (one visitor id) used by both, staff cards rung
 * up for strangers and then on receipts strangers redeem, email typos in web orders, people with
 * two cards.
 */

export type Person = { id: number; staff: boolean };
export type LabelledObservation = { actor: number; obs: Observation };
export type Population = {
  people: Person[];
  observations: LabelledObservation[];
  /** True owner of each normalized identifier (`type:value`); a shared one is its first holder's. */
  owner: Map<string, number>;
  /** Values more than one person uses (family phones, family computers, staff cards). */
  shared: Set<string>;
};

const key = (type: IdentifierType, value: string, connectionId?: string): string => {
  const n = normalizeIdentifier(type, value, connectionId ? { connectionId } : {});
  if (!n.ok) throw new Error(`generator made an unusable ${type}: ${value}`);
  return `${type}:${n.value}`;
};

/** Identifier keys of an observation, normalized as the graph stores them. */
export function observationKeys(obs: Observation): { key: string; strong: boolean }[] {
  return obs.identifiers.map((i) => ({
    key: key(i.type, i.value, obs.connectionId),
    strong: i.verified && i.type !== 'visitor',
  }));
}

/** A small deterministic PRNG (mulberry32), so a seed gives the same population every run. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
  };
}

const PHONE_FORMATS = [
  (d: string) => `+7${d}`,
  (d: string) => `8${d}`,
  (d: string) => `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d: string) => `8 (${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
  (d: string) => `7-${d.slice(0, 3)}-${d.slice(3)}`,
];

const FIRST = ['anna', 'ivan', 'olga', 'petr', 'maria', 'sergey', 'elena', 'dmitry', 'irina', 'pavel'];
const DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'example.org'];
const CONNECTION = 'shop-main';

/** Swaps two neighbouring letters of the local part, as fingers do. */
function typo(email: string, at: number): string {
  const local = email.slice(0, email.indexOf('@'));
  const i = Math.min(Math.max(at % (local.length - 1), 0), local.length - 2);
  const swapped = local.slice(0, i) + (local[i + 1] ?? '') + (local[i] ?? '') + local.slice(i + 2);
  return swapped === local ? `${local}x${email.slice(local.length)}` : swapped + email.slice(local.length);
}

export function generatePopulation(size: number, seed: number): Population {
  const r = random(seed);
  const people: Person[] = [];
  const owner = new Map<string, number>();
  const shared = new Set<string>();
  const perPerson: Observation[][] = [];
  const usedDigits = new Set<string>();
  const own = (id: number, k: string) => {
    if (owner.has(k) && owner.get(k) !== id) shared.add(k);
    else owner.set(k, id);
  };
  const newPhone = () => {
    for (;;) {
      const digits = `9${String(10 + r.int(89))}${String(r.int(10_000_000)).padStart(7, '0')}`;
      if (usedDigits.has(digits)) continue;
      const n = normalizeIdentifier('phone', `+7${digits}`);
      if (!n.ok) continue;
      usedDigits.add(digits);
      return digits;
    }
  };
  let cardSeq = 1_000_000;
  const newCard = () => `77${String(cardSeq++).padStart(10, '0')}`;
  const newVisitor = () =>
    `0190${[8, 4, 4, 4, 12]
      .map((n) => Array.from({ length: n }, () => r.int(16).toString(16)).join(''))
      .join('-')
      .slice(4)}`;

  type Traits = { phone: string; email: string; cards: string[]; account: string | null; visitors: string[] };
  const traits: Traits[] = [];
  const staffCards: string[] = [];
  for (let id = 0; id < size; id++) {
    const staff = r.chance(0.01);
    people.push({ id, staff });
    const spouse = id > 0 && r.chance(0.1) ? traits[id - 1] : undefined;
    const phone = spouse ? spouse.phone : newPhone();
    const email = `${r.pick(FIRST)}.${id}.${r.int(1000)}@${r.pick(DOMAINS)}`;
    const cards = r.chance(0.2) ? [newCard(), newCard()] : [newCard()];
    const account = r.chance(0.6) ? `cust-${id}` : null;
    // A family computer: the spouse's browser is this person's too.
    const visitors = spouse && r.chance(0.5) ? [spouse.visitors[0] ?? newVisitor()] : [newVisitor()];
    if (r.chance(0.3)) visitors.push(newVisitor());
    traits.push({ phone, email, cards, account, visitors });
    if (staff) staffCards.push(cards[0] ?? '');
  }

  const fmtPhone = (digits: string) => r.pick(PHONE_FORMATS)(digits);
  const fmtEmail = (email: string) => (r.chance(0.3) ? ` ${email.toUpperCase()} ` : email);
  let sourceSeq = 0;
  const ref = (kind: string) => `${kind}:${++sourceSeq}`;

  for (const [id, t] of traits.entries()) {
    const events: Observation[] = [];
    const gaveEmailAtTill = r.chance(0.5);
    for (const card of t.cards) {
      events.push({
        identifiers: [
          { type: 'card', value: card, verified: true },
          { type: 'phone', value: fmtPhone(t.phone), verified: false },
          ...(gaveEmailAtTill ? [{ type: 'email' as const, value: fmtEmail(t.email), verified: false }] : []),
        ],
        evidence: 'card_issue',
        sourceRef: ref('card_issue'),
      });
      for (let s = r.int(4); s >= 0; s--) {
        events.push({
          identifiers: [{ type: 'card', value: card, verified: true }],
          evidence: 'card_at_sale',
          sourceRef: ref('sale'),
        });
      }
    }
    if (t.account) {
      const visitor = r.pick(t.visitors);
      events.push({
        identifiers: [
          { type: 'shop_account', value: t.account, verified: true },
          { type: 'email', value: fmtEmail(t.email), verified: true },
          { type: 'visitor', value: visitor, verified: false },
        ],
        evidence: 'shop_login',
        sourceRef: ref('sdk'),
        connectionId: CONNECTION,
      });
      for (let o = r.int(3); o > 0; o--) {
        const typed = r.chance(0.05) ? typo(t.email, r.int(20)) : t.email;
        events.push({
          identifiers: [
            { type: 'shop_account', value: t.account, verified: true },
            { type: 'email', value: fmtEmail(typed), verified: false },
            { type: 'phone', value: fmtPhone(t.phone), verified: false },
            { type: 'visitor', value: r.pick(t.visitors), verified: false },
          ],
          evidence: 'webhook_order',
          sourceRef: ref('order'),
          connectionId: CONNECTION,
        });
      }
      if (r.chance(0.5)) {
        events.push({
          identifiers: [
            { type: 'card', value: r.pick(t.cards), verified: true },
            { type: 'shop_account', value: t.account, verified: true },
          ],
          evidence: 'verified_link_code',
          sourceRef: ref('link'),
          connectionId: CONNECTION,
        });
      }
    } else if (r.chance(0.4)) {
      // A guest order: what the buyer typed, and the browser.
      events.push({
        identifiers: [
          {
            type: 'email',
            value: fmtEmail(r.chance(0.05) ? typo(t.email, r.int(20)) : t.email),
            verified: false,
          },
          { type: 'visitor', value: r.pick(t.visitors), verified: false },
        ],
        evidence: 'webhook_order',
        sourceRef: ref('order'),
        connectionId: CONNECTION,
      });
    }
    if (r.chance(0.3)) {
      events.push({
        identifiers: [
          { type: 'email', value: fmtEmail(t.email), verified: false },
          { type: 'visitor', value: r.pick(t.visitors), verified: false },
        ],
        evidence: 'sdk_identify',
        sourceRef: ref('sdk'),
      });
    }
    // A stranger's purchase rung up on a staff card, and the stranger later redeeming the receipt.
    if (staffCards.length > 0 && !people[id]?.staff && r.chance(0.05)) {
      const staffCard = r.pick(staffCards);
      events.push({
        identifiers: [{ type: 'card', value: staffCard, verified: true }],
        evidence: 'card_at_sale',
        sourceRef: ref('sale'),
      });
      if (t.account) {
        events.push({
          identifiers: [
            { type: 'card', value: staffCard, verified: true },
            { type: 'shop_account', value: t.account, verified: true },
          ],
          evidence: 'verified_link_code',
          sourceRef: ref('link'),
          connectionId: CONNECTION,
        });
      }
    }
    perPerson.push(events);
  }
  // Staff ring up their own card for others all day, from before anyone here shops.
  const observations: LabelledObservation[] = [];
  for (const card of staffCards) {
    const holder = traits.findIndex((t) => t.cards[0] === card);
    for (let s = 0; s < 25; s++) {
      observations.push({
        actor: holder,
        obs: {
          identifiers: [{ type: 'card', value: card, verified: true }],
          evidence: 'card_at_sale',
          sourceRef: ref('sale'),
        },
      });
    }
  }

  // Interleaved in time, each person's own events in their order.
  const cursors = perPerson.map(() => 0);
  let remaining = perPerson.reduce((n, e) => n + e.length, 0);
  while (remaining > 0) {
    const id = r.int(perPerson.length);
    const events = perPerson[id] ?? [];
    const at = cursors[id] ?? 0;
    if (at >= events.length) continue;
    const obs = events[at];
    if (obs) observations.push({ actor: id, obs });
    cursors[id] = at + 1;
    remaining--;
  }

  // The truth: every value a person's own events carry is theirs, a typo included; a value two
  // people use is the first user's (in time), a staff card its holder's.
  for (const { actor, obs } of observations) {
    for (const k of observationKeys(obs)) {
      if (
        k.key.startsWith('card:') &&
        staffCards.includes(k.key.slice(5)) &&
        traits[actor]?.cards[0] !== k.key.slice(5)
      ) {
        continue;
      }
      own(actor, k.key);
    }
  }
  for (const card of staffCards) shared.add(`card:${card}`);
  return { people, observations, owner, shared };
}

/**
 * The links the evidence supports, per person: values joined by observations that carry a
 * verified value of theirs (a card in hand, a login), and the unverified values those observations
 * carried the first time; values other people share are left out, since no evidence can give
 * them to two people.
 */
export function supportedComponents(population: Population): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const attached = new Set<string>();
  for (const { actor, obs } of population.observations) {
    const keys = observationKeys(obs).filter(
      (k) => population.owner.get(k.key) === actor && !population.shared.has(k.key),
    );
    const strong = keys.filter((k) => k.strong);
    const first = strong[0];
    if (!first) continue;
    for (const k of keys) if (!parent.has(k.key)) parent.set(k.key, k.key);
    for (const k of strong) union(k.key, first.key);
    for (const k of keys) {
      if (k.strong || attached.has(k.key)) continue;
      attached.add(k.key);
      union(k.key, first.key);
    }
  }
  const component = new Map<string, string>();
  for (const k of parent.keys()) component.set(k, find(k));
  return component;
}

/** Pairwise precision and recall of predicted clusters against the truth. */
export function scoreClusters(
  population: Population,
  predicted: Map<string, string>,
): { precision: number; recall: number; predictedPairs: number; supportedPairs: number } {
  const byCluster = new Map<string, string[]>();
  for (const [k, cluster] of predicted) byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), k]);
  let pairs = 0;
  let correct = 0;
  for (const members of byCluster.values()) {
    pairs += (members.length * (members.length - 1)) / 2;
    const owners = new Map<number, number>();
    for (const m of members) {
      const o = population.owner.get(m);
      if (o !== undefined) owners.set(o, (owners.get(o) ?? 0) + 1);
    }
    for (const n of owners.values()) correct += (n * (n - 1)) / 2;
  }
  const supported = supportedComponents(population);
  const groups = new Map<string, string[]>();
  for (const [k, c] of supported) groups.set(c, [...(groups.get(c) ?? []), k]);
  let supportedPairs = 0;
  let found = 0;
  for (const members of groups.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        supportedPairs++;
        const a = predicted.get(members[i] ?? '');
        if (a !== undefined && a === predicted.get(members[j] ?? '')) found++;
      }
    }
  }
  return {
    precision: pairs === 0 ? 1 : correct / pairs,
    recall: supportedPairs === 0 ? 1 : found / supportedPairs,
    predictedPairs: pairs,
    supportedPairs,
  };
}

/** Arbitrary seeds for property runs over populations. */
export const populationSeed = fc.integer({ min: 1, max: 2 ** 31 - 1 });
