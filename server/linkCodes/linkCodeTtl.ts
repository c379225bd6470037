/**
 * How long a receipt's link code stays redeemable after the server registered its sale. Long
 * enough for a customer to get home and open the shop's site, short enough that receipts found in
 * a bin are of little use (docs/web-sdk.md §5).
 */
export const LINK_CODE_TTL_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** When a code registered at `issuedAt` stops being redeemable. */
export function linkCodeExpiry(issuedAt: string): string {
  return new Date(Date.parse(issuedAt) + LINK_CODE_TTL_DAYS * DAY_MS).toISOString();
}
