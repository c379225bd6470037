import type { Kysely } from 'kysely';
import type { Sale } from '../../shared/domain/sale';
import { applyBurn, pointsEarned, priceBasket, type LoyaltyConfig } from '../../shared/loyalty';
import type { Database } from '../db/schema';
import { latestLoyaltyConfig, loyaltyConfigAt } from './configs';
import { appendEntry, moveBalance } from './ledger';
import { publishCustomerSummary } from './summary';

type SaleLoyalty = NonNullable<Sale['loyalty']>;

/**
 * What a recorded sale does to its card's loyalty account, in the sale's own transaction:
 *
 * - the money paid counts towards the customer's lifetime spend (the tier);
 * - points the till spent are a `burn` of exactly what the till spent: the customer has them in
 *   goods already, so they are recorded even when the balance did not cover them (`overdraft`);
 * - points earned are priced again here with `shared/loyalty`, under the config version and tier
 *   the till used, and the server's figure is the `earn`; where the till's figures differ (a
 *   stale or tampered till), the entry says so in `mismatch` for HQ's review list.
 *
 * `(sale id, kind)` is unique in the ledger, so the same sale can never earn or burn twice.
 */
export async function recordSaleLoyalty(
  trx: Kysely<Database>,
  sale: Sale,
  opId: string,
  customerId: string | null,
  now: string,
): Promise<void> {
  if (sale.cardNumber === null) return;
  const burnValue = sale.loyalty?.burnValueMinor ?? 0;
  const paidMinor = sale.totalMinor - burnValue;
  const latest = await latestLoyaltyConfig(trx);
  if (customerId !== null) await moveBalance(trx, customerId, 0, paidMinor, now);

  const loyalty = sale.loyalty;
  if (loyalty) {
    const config = (await loyaltyConfigAt(trx, loyalty.configVersion)) ?? latest;
    const { earned, mismatch } = saleLoyaltyFigures(sale, loyalty, config);
    const common = {
      customerId,
      cardNumber: sale.cardNumber,
      sourceId: sale.saleId,
      saleId: sale.saleId,
      opId,
    };
    // Burn before earn: this sale's points cannot fund its own burn.
    if (loyalty.pointsBurned > 0) {
      await appendEntry(trx, { ...common, kind: 'burn', points: -loyalty.pointsBurned }, now);
    }
    // Written even at 0 points: it is the sale's loyalty record and carries any mismatch.
    await appendEntry(trx, { ...common, kind: 'earn', points: earned, mismatch }, now);
  }
  if (customerId !== null) await publishCustomerSummary(trx, customerId, now, latest);
}

/**
 * The server's figures for a sale priced with loyalty: the points it earns under `config` (the
 * version the till named, or the latest when the server does not know that one), and where the
 * till's figures differ, what each side had. Pure, so a batch of sales can be priced at once.
 */
export function saleLoyaltyFigures(
  sale: Sale,
  loyalty: SaleLoyalty,
  config: LoyaltyConfig | null,
): { earned: number; mismatch: string | null } {
  const check = config ? priceAgain(sale, loyalty, config) : null;
  const mismatches: string[] = [];
  if (!config) mismatches.push('no loyalty rules on the server: earn taken from the till');
  else if (config.version !== loyalty.configVersion)
    mismatches.push(`config v${loyalty.configVersion} unknown, checked with v${config.version}`);
  if (check && check.discountMinor !== loyalty.discountMinor)
    mismatches.push(`discount: till ${loyalty.discountMinor}, server ${check.discountMinor}`);
  if (check && check.pointsBurnedWithinCap !== loyalty.pointsBurned)
    mismatches.push(
      `burn over the receipt cap: till ${loyalty.pointsBurned}, cap ${check.pointsBurnedWithinCap}`,
    );
  if (config && loyalty.burnValueMinor !== loyalty.pointsBurned * config.pointValueMinor)
    mismatches.push(
      `burn value: till ${loyalty.burnValueMinor}, server ${loyalty.pointsBurned * config.pointValueMinor}`,
    );
  const earned = check ? check.pointsEarned : loyalty.pointsEarned;
  if (earned !== loyalty.pointsEarned)
    mismatches.push(`earn: till ${loyalty.pointsEarned}, server ${earned}`);
  return { earned, mismatch: mismatches.length > 0 ? mismatches.join('; ') : null };
}

function priceAgain(sale: Sale, loyalty: SaleLoyalty, config: LoyaltyConfig) {
  const priced = priceBasket(
    sale.lines,
    { tierCode: loyalty.tierCode },
    config,
    // The balance plays no part here: the ledger, not the price, decides an overdraft.
    { points: Number.MAX_SAFE_INTEGER, unsyncedBurnedPoints: 0, fromCache: false },
  );
  return {
    discountMinor: priced.discountMinor,
    pointsBurnedWithinCap: applyBurn(priced, loyalty.pointsBurned, config).pointsBurned,
    pointsEarned:
      priced.tierCode === null
        ? 0
        : pointsEarned(config, priced.tierCode, sale.totalMinor - loyalty.burnValueMinor),
  };
}
