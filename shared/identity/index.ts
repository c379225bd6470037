export {
  IDENTIFIER_TYPES,
  normalizeCard,
  normalizeIdentifier,
  normalizeShopAccount,
  normalizeVisitor,
} from './normalize';
export type { IdentifierType, Normalized, Unusable } from './normalize';
export { isJunkValue } from './junk';
export type { JunkList } from './junk';
export { nameKey } from './nameKey';
