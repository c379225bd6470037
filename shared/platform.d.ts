/**
 * The only platform globals shared/ may use: both Node ≥ 20 and every browser have them as
 * standard web APIs. Declared here instead of pulling in the DOM or Node typings, so nothing else
 * from either runtime can creep into shared code.
 */
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
