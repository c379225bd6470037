export { assertNever } from './assertNever';
export {
  gs1CheckDigit,
  hasValidGs1CheckDigit,
  isDigits,
  isValidLuhn,
  luhnCheckDigit,
  priceCheckDigit,
} from './checkDigits';
export { classifyScan, MAX_CLASSIFIED_LENGTH } from './classifyScan';
export type { ClassifyOptions } from './classifyScan';
export { findAiAt, GS1_AI_TABLE } from './gs1AiTable';
export type { Gs1AiDefinition, Gs1Charset, Gs1Component, Gs1Linter } from './gs1AiTable';
export {
  formatGs1ElementString,
  formatGs1Hri,
  GS,
  gs1Value,
  parseGs1ElementString,
  validateGs1Element,
} from './gs1ElementString';
export type { Gs1Element, Gs1Error, Gs1ErrorCode, Gs1ParseResult } from './gs1ElementString';
export { gs1Decimal, gs1FullYear, isGs1Time, parseGs1Date } from './gs1Values';
export type { Gs1Date, Gs1Decimal } from './gs1Values';
export { gtinFormatOf, isValidGtin, isValidUpcE, restrictedCirculation, toGtin14, upcEToUpcA } from './gtin';
export type { GtinFormat } from './gtin';
export { matchInStoreCode } from './inStoreCode';
export type { InStoreMatch } from './inStoreCode';
export { matchLoyaltyCard } from './loyaltyCard';
export type { CardMatch } from './loyaltyCard';
export { readMarkingFields } from './markingCode';
export type { MarkingFields } from './markingCode';
export { readRetailCode } from './retailCode';
export type { RetailCode } from './retailCode';
export {
  cardCheckSchema,
  defaultScanConfig,
  digitRangeSchema,
  inStoreRuleSchema,
  loyaltySchemeSchema,
  parseScanConfig,
  scanConfigSchema,
  scanFormatsSchema,
  valueKindSchema,
} from './scanConfig';
export type {
  CardCheck,
  DigitRange,
  InStoreRule,
  LoyaltyScheme,
  ScanConfig,
  ScanConfigInput,
  ScanConfigParse,
  ScanFormats,
  ValueKind,
} from './scanConfig';
export type {
  CardScan,
  LinkScan,
  MarkingScan,
  OrderScan,
  ProductScan,
  Scan,
  ScanKind,
  UnknownReason,
  UnknownScan,
  WeightedScan,
} from './scanTypes';
export {
  formatLinkCode,
  formatLinkUrl,
  formatOrderQr,
  LINK_CODE_ALPHABET,
  LINK_CODE_LENGTH,
  LINK_CODE_PREFIX,
  linkCodeCheckChar,
  makeLinkCode,
  normalizeLinkCode,
  ORDER_NUMBER_PATTERN,
  ORDER_QR_PREFIX,
  ENROLMENT_CODE_LENGTH,
  makeEnrolmentCode,
  parseEnrolmentCode,
  parseLinkCode,
  parseOrderQr,
  PICKUP_TOKEN_PATTERN,
} from './serverCodes';
export type { LinkCodeParse, OrderQrParse } from './serverCodes';
export { describeSymbology, splitSymbology, withSymbology } from './symbology';
export type { AimSplit, Symbology, SymbologyName } from './symbology';
