/**
 * The project's exhaustiveness guard, re-exported so the barcode grammar (and the scanner code that
 * already imports it from here) uses the one implementation in `shared/domain`.
 *
 * @example
 * switch (check) {
 *   case 'luhn': return isValidLuhn(n);
 *   case 'ean13': return hasValidGs1CheckDigit(n);
 *   case 'none': return true;
 *   default: return assertNever(check);
 * }
 */
export { assertNever } from '../domain/assertNever';
