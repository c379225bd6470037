import { assertNever } from './assertNever';
import { hasValidGs1CheckDigit, isValidLuhn } from './checkDigits';
import type { LoyaltyScheme } from './scanConfig';

export type CardMatch =
  | { readonly kind: 'card'; readonly scheme: string; readonly number: string }
  /** Shaped like a card of this scheme but its check digit is wrong. */
  | { readonly kind: 'bad_check'; readonly scheme: string }
  | { readonly kind: 'none' };

const DIGITS = /^[0-9]+$/;
const CODE128_CARD = /^[0-9A-Z-]+$/;

function passesCheck(scheme: LoyaltyScheme, number: string): boolean {
  switch (scheme.check) {
    case 'luhn':
      return isValidLuhn(number);
    case 'ean13':
      return hasValidGs1CheckDigit(number);
    case 'none':
      return true;
    default:
      return assertNever(scheme.check);
  }
}

/**
 * Finds the first configured scheme the scanned text is a card of. Check-digit schemes take digits
 * only; `none` schemes take letters too, upper-cased first because a keyboard-wedge scanner under
 * Caps Lock inverts case. A card shaped right but failing its check is reported, so the cashier
 * hears "bad scan" rather than "unknown code", unless another scheme accepts it.
 *
 * @example matchLoyaltyCard('79927398713', [{ name: 'club', prefix: '799', length: 11, check: 'luhn' }])
 * // { kind: 'card', scheme: 'club', number: '79927398713' }
 */
export function matchLoyaltyCard(text: string, schemes: readonly LoyaltyScheme[]): CardMatch {
  let badCheck: CardMatch = { kind: 'none' };
  for (const scheme of schemes) {
    if (text.length !== scheme.length) continue;
    const number = scheme.check === 'none' ? text.toUpperCase() : text;
    if (!number.startsWith(scheme.prefix)) continue;
    if (!(scheme.check === 'none' ? CODE128_CARD : DIGITS).test(number)) continue;
    if (passesCheck(scheme, number)) return { kind: 'card', scheme: scheme.name, number };
    if (badCheck.kind === 'none') badCheck = { kind: 'bad_check', scheme: scheme.name };
  }
  return badCheck;
}
