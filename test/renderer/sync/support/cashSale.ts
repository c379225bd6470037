import { lineTotal } from '../../../../shared/domain/money';
import type { TillDb } from '../../../../renderer/db/database';
import { recordSale } from '../../../../renderer/db/sales';

type Product = { gtin: string; name: string; priceMinor: number };

/** The cashier sells one of `product` for the exact cash, no card. */
export function sellForCash(db: TillDb, product: Product) {
  return recordSale(db, {
    cardNumber: null,
    lines: [
      {
        productId: product.gtin,
        gtin: product.gtin,
        name: product.name,
        quantityMilli: 1000,
        unitPriceMinor: product.priceMinor,
      },
    ],
    cashTenderedMinor: lineTotal(1000, product.priceMinor),
  });
}
