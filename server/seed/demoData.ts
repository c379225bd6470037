import type { LoyaltyConfig } from '../../shared/loyalty';
/**
 * A reproducible demo chain: the same seed gives the same products, customers and cards, so
 * screenshots, docs and tests can point at real rows.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32: small, fast, good enough for demo data.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GS1 mod-10 check digit of the digits before it. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

const GOODS: ReadonlyArray<readonly [string, number, number]> = [
  ['Milk 3.2% 1 l', 8990, 11990],
  ['Kefir 2.5% 900 g', 7490, 9990],
  ['Butter 82.5% 180 g', 18990, 25990],
  ['Cottage cheese 5% 200 g', 10990, 14990],
  ['Rye bread 500 g', 5490, 7990],
  ['Baguette', 6990, 8990],
  ['Buckwheat 900 g', 9990, 14990],
  ['Rice long-grain 900 g', 11990, 15990],
  ['Pasta penne 450 g', 7990, 11990],
  ['Sunflower oil 1 l', 12990, 17990],
  ['Green tea 100 bags', 24990, 39990],
  ['Coffee beans 1 kg', 129990, 189990],
  ['Dark chocolate 90 g', 10990, 15990],
  ['Apple juice 1 l', 11990, 16990],
  ['Mineral water 1.5 l', 5990, 8990],
  ['Eggs C1 10 pcs', 10990, 14990],
  ['Cheese Gouda 200 g', 24990, 34990],
  ['Yogurt strawberry 125 g', 4990, 6990],
  ['Dumplings 800 g', 39990, 54990],
  ['Toothpaste 100 ml', 15990, 24990],
  ['Shampoo 400 ml', 29990, 44990],
  ['Laundry gel 1.3 l', 49990, 79990],
  ['Paper towels 2 rolls', 12990, 18990],
  ['Dish soap 500 ml', 11990, 16990],
  ['Oat cookies 300 g', 9990, 13990],
  ['Honey 250 g', 34990, 49990],
  ['Sparkling water 0.5 l', 4990, 6990],
  ['Tomatoes cherry 250 g', 17990, 24990],
  ['Cucumbers 450 g', 12990, 19990],
  ['Bananas 1 kg', 11990, 15990],
];
const VARIANTS = [
  '',
  ' (family pack)',
  ' organic',
  ' light',
  ' premium',
  ' value',
  ' mini',
  ' XL',
  ' lactose-free',
  ' classic',
];

/** Milk 3.2% 1 l in the demo catalog. */
export const DEMO_EXAMPLE_GTIN = '4601234567893';

export type DemoProduct = {
  gtin: string;
  name: string;
  priceMinor: number;
  itemCode?: string;
  /** Sold only by each unit's marking code (docs/scanners.md §6.5). */
  marked?: true;
};

/**
 * Goods sold by weight, priced per kilogram. Their labels (prefix 21 or 22: grams, 23: price, in
 * the default scan configuration) carry the 5-digit item code; the product's own GTIN is an
 * in-house number under prefix 20, which no label uses, so the till finds them by item code alone.
 */
/**
 * Goods under mandatory marking (Chestny ZNAK), sold only by the DataMatrix code on each unit: the
 * till refuses their plain EAN. GTINs under 4699, which the random demo catalog never draws.
 */
export function demoMarkedItems(): DemoProduct[] {
  const items: ReadonlyArray<readonly [string, string, number]> = [
    ['469900000001', 'Sneakers Runner, size 42 (marked)', 549000],
    ['469900000002', 'Kefir 2.5 %, 0.9 l (marked)', 10990],
  ];
  return items.map(([body, name, priceMinor]) => ({
    gtin: body + gs1CheckDigit(body),
    name,
    priceMinor,
    marked: true,
  }));
}

export function demoScaleItems(): DemoProduct[] {
  const items: ReadonlyArray<readonly [string, string, number]> = [
    ['00001', 'Bananas, by weight', 11990],
    ['00002', 'Tomatoes, by weight', 24990],
    ['00003', 'Cheese Gouda, by weight', 89990],
    ['00004', 'Apples Golden, by weight', 15990],
    ['00005', 'Chicken fillet, by weight', 45990],
  ];
  return items.map(([itemCode, name, priceMinor]) => {
    const body = `20${itemCode}00000`;
    return { gtin: body + gs1CheckDigit(body), name, priceMinor, itemCode };
  });
}

export function demoProducts(count: number, random = seededRandom(2026)): DemoProduct[] {
  const products: DemoProduct[] = [];
  const used = new Set<string>();
  for (let i = 0; products.length < count; i++) {
    const [base, low, high] = GOODS[i % GOODS.length]!;
    const variant = VARIANTS[Math.floor(i / GOODS.length) % VARIANTS.length]!;
    // 460–469: GS1 Russia, as on most goods in the demo chain's shelves.
    const body = `46${Math.floor(random() * 10)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    // The first product has the code the README and the scanner simulator use as their example.
    const gtin = products.length === 0 ? DEMO_EXAMPLE_GTIN : body + gs1CheckDigit(body);
    if (used.has(gtin)) continue;
    used.add(gtin);
    const price = Math.round((low + random() * (high - low)) / 10) * 10;
    products.push({ gtin, name: base + variant, priceMinor: price });
  }
  return products;
}

const FIRST = [
  'Anna',
  'Ivan',
  'Maria',
  'Dmitry',
  'Olga',
  'Sergey',
  'Elena',
  'Alexey',
  'Natalia',
  'Pavel',
  'Irina',
  'Mikhail',
  'Tatiana',
  'Andrey',
  'Ksenia',
  'Nikolai',
  'Daria',
  'Artem',
  'Yulia',
  'Roman',
];
const LAST = [
  'Petrova',
  'Smirnov',
  'Ivanova',
  'Kuznetsov',
  'Popova',
  'Sokolov',
  'Lebedeva',
  'Kozlov',
  'Novikova',
  'Morozov',
  'Volkova',
  'Orlov',
  'Fedorova',
  'Pavlov',
  'Semenova',
  'Egorov',
];

export type DemoCustomer = { name: string; phone: string; email: string; cardNumber: string };

/** Loyalty cards of the demo chain: 13 digits, prefix 299, GS1 check digit — an in-house EAN-13 in
 * the GS1 restricted range, as the default loyalty scheme of the barcode grammar expects. */
export function demoCardNumber(serial: number): string {
  const body = `299${String(serial).padStart(9, '0')}`;
  return body + gs1CheckDigit(body);
}

export function demoCustomers(count: number, random = seededRandom(7)): DemoCustomer[] {
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    // Distinct for every customer (a step coprime to the range), and not a run of zeros.
    const phone = `+79${((123_456_789 + i * 7919) % 900_000_000) + 100_000_000}`;
    customers.push({
      name: `${first} ${last}`,
      phone,
      email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
      cardNumber: demoCardNumber(i + 1),
    });
  }
  return customers;
}

/**
 * The demo chain's loyalty rules: a point pays 1.00, points pay up to half a receipt, a till may
 * spend up to 1,000 points of a card's cached balance per receipt; three tiers by lifetime spend.
 */
export const DEMO_LOYALTY_CONFIG: LoyaltyConfig = {
  version: 1,
  currency: 'RUB',
  pointValueMinor: 100,
  maxBurnBp: 5000,
  offlineBurnCapPoints: 1000,
  tiers: [
    { code: 'base', name: 'Base', minLifetimeSpendMinor: 0, discountBp: 0, earnBp: 100 },
    { code: 'silver', name: 'Silver', minLifetimeSpendMinor: 2_000_000, discountBp: 300, earnBp: 200 },
    { code: 'gold', name: 'Gold', minLifetimeSpendMinor: 10_000_000, discountBp: 500, earnBp: 300 },
  ],
};

/**
 * Welcome points and past spend for the n-th demo customer (0-based): reproducible, so every tier
 * and a range of balances appear; every fifth customer starts with nothing.
 */
export function demoLoyaltyStart(n: number): { points: number; spendMinor: number } {
  if (n % 5 === 4) return { points: 0, spendMinor: 0 };
  return { points: ((n * 137) % 900) + 100, spendMinor: [0, 500_000, 2_500_000, 12_000_000][n % 4]! };
}
