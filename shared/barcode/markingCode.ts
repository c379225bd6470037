import type { Gs1Element } from './gs1ElementString';
import { GS, gs1Value } from './gs1ElementString';

/**
 * What a marking code (a per-unit GS1 code: GTIN + serial, and for Chestny ZNAK a crypto tail) says
 * about the unit. The code itself is never rebuilt from these fields: the fiscal register and
 * GIS MT check the exact bytes, so the scan's own bytes are kept alongside.
 */
export type MarkingFields = {
  /** `chestny_znak` when the Russian crypto AIs (91/92/93) are present, plain `gs1` otherwise. */
  readonly scheme: 'gs1' | 'chestny_znak';
  /** GTIN-14 from AI (01). */
  readonly gtin: string;
  /** Serial from AI (21). */
  readonly serial: string;
  /** AI (91): Chestny ZNAK verification key id. */
  readonly verificationKey: string | undefined;
  /** AI (92): Chestny ZNAK verification code (the long crypto signature). */
  readonly verificationCode: string | undefined;
  /** AI (93): Chestny ZNAK short crypto code (dairy, water, tobacco). */
  readonly cryptoCode: string | undefined;
  /** AI (17) as YYMMDD. */
  readonly expiry: string | undefined;
  /** AI (10). */
  readonly batch: string | undefined;
  /** GTIN and serial together: one physical unit, whatever else was printed, for duplicate checks. */
  readonly unitKey: string;
};

/**
 * Marking fields from a parsed element string, or undefined when it is not a marking code: one
 * needs AI (01) and AI (21) (GS1 General Specifications §2.1 on serialised GTINs; CRPT's code
 * structure for Chestny ZNAK, docs/scanners.md §6.5).
 *
 * @example readMarkingFields([{ ai: '01', value: '04690257528523' }, { ai: '21', value: 'G+mgsHw<DiLN_' }, { ai: '91', value: 'EE05' }])?.scheme
 * // 'chestny_znak'
 */
export function readMarkingFields(elements: readonly Gs1Element[]): MarkingFields | undefined {
  const gtin = gs1Value(elements, '01');
  const serial = gs1Value(elements, '21');
  if (gtin === undefined || serial === undefined) return undefined;
  const verificationKey = gs1Value(elements, '91');
  const verificationCode = gs1Value(elements, '92');
  const cryptoCode = gs1Value(elements, '93');
  const russian = verificationKey !== undefined || verificationCode !== undefined || cryptoCode !== undefined;
  return {
    scheme: russian ? 'chestny_znak' : 'gs1',
    gtin,
    serial,
    verificationKey,
    verificationCode,
    cryptoCode,
    expiry: gs1Value(elements, '17'),
    batch: gs1Value(elements, '10'),
    // GS cannot occur inside a GS1 value, so it separates the two parts unambiguously.
    unitKey: `${gtin}${GS}${serial}`,
  };
}
