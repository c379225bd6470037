import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCustomers, demoProducts } from '../../server/seed/demoData';
import { classifyScan } from '../../shared/barcode';
import { defaultScanConfig } from '../../shared/barcode/scanConfig';

/**
 * The README once told people to type demo cards `2990000000011` and `2990000000028`, which fail
 * their own EAN-13 check digit: the till refused exactly what the README promised. Every demo code
 * the README names is read here with the till's barcode grammar and looked up in the demo chain.
 */
const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('the demo codes in the README', () => {
  it('names loyalty cards that pass their check digit and exist in the demo chain', () => {
    const cards = [...new Set(readme.match(/\b299\d{10}\b/g) ?? [])];
    expect(cards.length).toBeGreaterThanOrEqual(2);
    const demoCards = new Set(demoCustomers(300).map((c) => c.cardNumber));
    for (const card of cards) {
      expect(classifyScan(card, defaultScanConfig), card).toMatchObject({ kind: 'card', number: card });
      expect(demoCards.has(card), card).toBe(true);
    }
  });

  it('names products that are valid GTINs of the demo catalog', () => {
    const products = [...new Set(readme.match(/\b460\d{10}\b/g) ?? [])];
    expect(products.length).toBeGreaterThanOrEqual(1);
    const catalog = new Set(demoProducts(300).map((p) => p.gtin));
    for (const gtin of products) {
      expect(classifyScan(gtin, defaultScanConfig), gtin).toMatchObject({ kind: 'product' });
      expect(catalog.has(gtin), gtin).toBe(true);
    }
  });
});
