/**
 * The GS1 Application Identifiers the till understands, written down from the GS1 General
 * Specifications §3 (AI definitions) as machine-read in the GS1 Barcode Syntax Dictionary
 * (github.com/gs1/gs1-syntax-dictionary). A scan using an AI missing here is refused rather than
 * guessed at, because without its length the rest of the string cannot be split.
 *
 * Row syntax: `[ai | 'first-last', predefinedLength, spec, title]`. A spec is space-separated
 * components: `N`/`X`/`Y` (digits / character set 82 / character set 39), then a fixed length or
 * `..max`, an optional `,linter`, and square brackets around an optional trailing component.
 * `predefinedLength` marks the AIs of the GS1 "predefined length" table, which never need a GS
 * separator after them (Syntax Dictionary flag `*`).
 */
type Row = readonly [ais: string, predefinedLength: boolean, spec: string, title: string];

// Measures 31nn–36nn: N6 with the AI's last digit (0–5) giving the decimal places (§3.6). Listed as
// ranges of the first three digits.
const MEASURE_STEMS: readonly (readonly [number, number])[] = [
  [310, 316],
  [320, 329],
  [330, 337],
  [340, 349],
  [350, 357],
  [360, 369],
];

const MEASURE_ROWS: readonly Row[] = MEASURE_STEMS.flatMap(([first, last]) => {
  const rows: Row[] = [];
  for (let stem = first; stem <= last; stem++) rows.push([`${stem}0-${stem}5`, true, 'N6', 'TRADE MEASURE']);
  return rows;
});

const ROWS: readonly Row[] = [
  ['00', true, 'N18,csum', 'SSCC'],
  ['01', true, 'N14,csum', 'GTIN'],
  ['02', true, 'N14,csum', 'CONTENT'],
  ['10', false, 'X..20', 'BATCH/LOT'],
  ['11', true, 'N6,yymmd0', 'PROD DATE'],
  ['12', true, 'N6,yymmd0', 'DUE DATE'],
  ['13', true, 'N6,yymmd0', 'PACK DATE'],
  ['15', true, 'N6,yymmd0', 'BEST BEFORE or BEST BY'],
  ['16', true, 'N6,yymmd0', 'SELL BY'],
  ['17', true, 'N6,yymmd0', 'USE BY or EXPIRY'],
  ['20', true, 'N2', 'VARIANT'],
  ['21', false, 'X..20', 'SERIAL'],
  ['22', false, 'X..20', 'CPV'],
  ['235', false, 'X..28', 'TPX'],
  ['240', false, 'X..30', 'ADDITIONAL ID'],
  ['241', false, 'X..30', 'CUST. PART No.'],
  ['242', false, 'N..6', 'MTO VARIANT'],
  ['243', false, 'X..20', 'PCN'],
  ['250', false, 'X..30', 'SECONDARY SERIAL'],
  ['251', false, 'X..30', 'REF. TO SOURCE'],
  ['253', false, 'N13,csum [X..17]', 'GDTI'],
  ['254', false, 'X..20', 'GLN EXTENSION COMPONENT'],
  ['255', false, 'N13,csum [N..12]', 'GCN'],
  ['30', false, 'N..8', 'VAR. COUNT'],
  ...MEASURE_ROWS,
  ['37', false, 'N..8', 'COUNT'],
  ['3900-3909', false, 'N..15', 'AMOUNT'],
  ['3910-3919', false, 'N3 N..15', 'AMOUNT'],
  ['3920-3929', false, 'N..15', 'PRICE'],
  ['3930-3939', false, 'N3 N..15', 'PRICE'],
  ['3940-3943', false, 'N4', 'PRCNT OFF'],
  ['3950-3955', false, 'N6', 'PRICE/UoM'],
  ['400', false, 'X..30', 'ORDER NUMBER'],
  ['401', false, 'X..30', 'GINC'],
  ['402', false, 'N17,csum', 'GSIN'],
  ['403', false, 'X..30', 'ROUTE'],
  ['410-417', true, 'N13,csum', 'GLN'],
  ['420', false, 'X..20', 'SHIP TO POST'],
  ['421', false, 'N3 X..9', 'SHIP TO POST'],
  ['422', false, 'N3', 'ORIGIN'],
  ['423', false, 'N..15', 'COUNTRY - INITIAL PROCESS'],
  ['424', false, 'N3', 'COUNTRY - PROCESS'],
  ['425', false, 'N..15', 'COUNTRY - DISASSEMBLY'],
  ['426', false, 'N3', 'COUNTRY - FULL PROCESS'],
  ['427', false, 'X..3', 'ORIGIN SUBDIVISION'],
  ['7001', false, 'N13', 'NSN'],
  ['7002', false, 'X..30', 'MEAT CUT'],
  ['7003', false, 'N6,yymmdd N4,hhmm', 'EXPIRY TIME'],
  ['7004', false, 'N..4', 'ACTIVE POTENCY'],
  ['7005', false, 'X..12', 'CATCH AREA'],
  ['7006', false, 'N6,yymmdd', 'FIRST FREEZE DATE'],
  ['7007', false, 'N6,yymmdd [N6,yymmdd]', 'HARVEST DATE'],
  ['7008', false, 'X..3', 'AQUATIC SPECIES'],
  ['7009', false, 'X..10', 'FISHING GEAR TYPE'],
  ['7010', false, 'X..2', 'PROD METHOD'],
  ['7011', false, 'N6,yymmdd [N4,hhmm]', 'TEST BY DATE'],
  ['7020', false, 'X..20', 'REFURB LOT'],
  ['7021', false, 'X..20', 'FUNC STAT'],
  ['7022', false, 'X..20', 'REV STAT'],
  ['7023', false, 'X..30', 'GIAI - ASSEMBLY'],
  ['7030-7039', false, 'N3 X..27', 'PROCESSOR'],
  ['710-715', false, 'X..20', 'NHRN'],
  ['7230-7239', false, 'X2 X..28', 'CERT'],
  ['7240', false, 'X..20', 'PROTOCOL'],
  ['8001', false, 'N14', 'DIMENSIONS'],
  ['8002', false, 'X..20', 'CMT No.'],
  ['8003', false, 'N1 N13,csum [X..16]', 'GRAI'],
  ['8004', false, 'X..30', 'GIAI'],
  // Fixed length, but outside the predefined table: a GS still follows it (docs/scanners.md §6.4).
  ['8005', false, 'N6', 'PRICE PER UNIT'],
  ['8006', false, 'N14,csum N4', 'ITIP'],
  ['8007', false, 'X..34', 'IBAN'],
  ['8008', false, 'N8 [N..4]', 'PROD TIME'],
  ['8009', false, 'X..50', 'OPTSEN'],
  ['8010', false, 'Y..30', 'CPID'],
  ['8011', false, 'N..12', 'CPID SERIAL'],
  ['8012', false, 'X..20', 'VERSION'],
  ['8013', false, 'X..25', 'GMN'],
  ['8017', false, 'N18,csum', 'GSRN - PROVIDER'],
  ['8018', false, 'N18,csum', 'GSRN - RECIPIENT'],
  ['8019', false, 'N..10', 'SRIN'],
  ['8020', false, 'X..25', 'REF No.'],
  ['8026', false, 'N14,csum N4', 'ITIP CONTENT'],
  ['8110', false, 'X..70', 'COUPON'],
  ['8111', false, 'N4', 'POINTS'],
  ['8112', false, 'X..70', 'COUPON'],
  ['8200', false, 'X..70', 'PRODUCT URL'],
  ['90', false, 'X..30', 'INTERNAL'],
  // 91–99 are company-internal; Chestny ZNAK puts its verification key (91), signature (92) and
  // short crypto code (93) here.
  ['91-99', false, 'X..90', 'INTERNAL'],
];

export type Gs1Charset = 'N' | 'X' | 'Y';
export type Gs1Linter = 'csum' | 'yymmd0' | 'yymmdd' | 'hhmm';

export type Gs1Component = {
  readonly charset: Gs1Charset;
  readonly min: number;
  readonly max: number;
  readonly optional: boolean;
  readonly linter: Gs1Linter | undefined;
};

export type Gs1AiDefinition = {
  readonly ai: string;
  readonly title: string;
  /** True when the AI is in the predefined-length table and so never needs a GS after it. */
  readonly predefinedLength: boolean;
  readonly components: readonly Gs1Component[];
  /** The value's length when it cannot vary, otherwise undefined. */
  readonly fixedLength: number | undefined;
  readonly maxLength: number;
  /** Implied decimal places carried by the AI's last digit (31nn–36nn, 390n–395n). */
  readonly decimals: number | undefined;
};

const COMPONENT = /^(\[)?([NXY])(\.\.)?(\d+)(?:,(csum|yymmd0|yymmdd|hhmm))?(\])?$/;

function parseComponent(text: string): Gs1Component {
  const m = COMPONENT.exec(text);
  if (m === null) throw new Error(`Bad AI spec component ${text}`);
  const max = Number(m[4]);
  return {
    charset: m[2] as Gs1Charset,
    min: m[3] === undefined ? max : 1,
    max,
    optional: m[1] !== undefined,
    linter: m[5] as Gs1Linter | undefined,
  };
}

function expandAis(ais: string): string[] {
  const [first, last] = ais.split('-');
  if (first === undefined) return [];
  if (last === undefined) return [first];
  const out: string[] = [];
  for (let n = Number(first); n <= Number(last); n++) out.push(String(n).padStart(first.length, '0'));
  return out;
}

function hasDecimalIndicator(ai: string): boolean {
  return ai.length === 4 && (/^3[1-6]/.test(ai) || /^39[0-5]/.test(ai));
}

function buildTable(rows: readonly Row[]): ReadonlyMap<string, Gs1AiDefinition> {
  const table = new Map<string, Gs1AiDefinition>();
  for (const [ais, predefinedLength, spec, title] of rows) {
    const components = spec.split(' ').map(parseComponent);
    const varies = components.some((c) => c.optional || c.min !== c.max);
    const maxLength = components.reduce((sum, c) => sum + c.max, 0);
    for (const ai of expandAis(ais)) {
      table.set(ai, {
        ai,
        title,
        predefinedLength,
        components,
        fixedLength: varies ? undefined : maxLength,
        maxLength,
        decimals: hasDecimalIndicator(ai) ? Number(ai.charAt(3)) : undefined,
      });
    }
  }
  return table;
}

/** Every known AI by its digits. GS1 AIs are prefix-free, so at most one matches a position. */
export const GS1_AI_TABLE: ReadonlyMap<string, Gs1AiDefinition> = buildTable(ROWS);

/**
 * The definition of the AI that starts at `offset` in `data`, trying 2, 3 then 4 digits.
 *
 * @example findAiAt('0109506000134352', 0)?.ai // '01'
 * @example findAiAt('3103001250', 0)?.decimals // 3
 */
export function findAiAt(data: string, offset: number): Gs1AiDefinition | undefined {
  for (let length = 2; length <= 4; length++) {
    const found = GS1_AI_TABLE.get(data.slice(offset, offset + length));
    if (found !== undefined) return found;
  }
  return undefined;
}
