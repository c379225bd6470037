import { describe, expect, it } from 'vitest';
import { defaultScanConfig } from '../../../shared/barcode';
import { enrolScanOutcome } from '../../../renderer/enrol/enrolScan';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { createScanStream, type ScanFeedSink, type StreamScan } from '../../../renderer/scanner/scanStream';

/** A scan as the app's one stream delivers it from a serial scanner, classified by the real grammar. */
function scanned(raw: string, symbology?: string): StreamScan {
  let sink: ScanFeedSink | undefined;
  const stream = createScanStream({
    config: () => defaultScanConfig,
    feeds: [(s) => ((sink = s), () => undefined)],
  });
  let entry: StreamScan | undefined;
  stream.subscribe((e) => (entry = e));
  stream.start();
  sink?.scan({ id: uuidv7(), origin: 'serial', raw, symbology, receivedAt: new Date().toISOString() });
  if (entry === undefined) throw new Error('no scan delivered');
  return entry;
}

describe('a scan on the enrolment screen', () => {
  it('is the enrolment code when it reads as one, dash or not', () => {
    expect(enrolScanOutcome(scanned('7K3M-Q9ZA-4TPW-HX24'))).toEqual({
      kind: 'code',
      code: '7K3M-Q9ZA-4TPW-HX24',
    });
    expect(enrolScanOutcome(scanned('7k3mq9za4tpwhx24'))).toEqual({
      kind: 'code',
      code: '7K3M-Q9ZA-4TPW-HX24',
    });
  });

  it('looks past an AIM identifier the scanner put in front of the data', () => {
    expect(enrolScanOutcome(scanned(']Q17K3MQ9ZA4TPWHX24'))).toEqual({
      kind: 'code',
      code: '7K3M-Q9ZA-4TPW-HX24',
    });
    expect(enrolScanOutcome(scanned('7K3MQ9ZA4TPWHX24', ']Q1'))).toEqual({
      kind: 'code',
      code: '7K3M-Q9ZA-4TPW-HX24',
    });
  });

  it('says what anything else was read as, with the data as scanned', () => {
    expect(enrolScanOutcome(scanned('4601234567893'))).toEqual({
      kind: 'other',
      scanKind: 'product',
      raw: '4601234567893',
    });
    expect(enrolScanOutcome(scanned('OMNI-O:WEB-10042'))).toEqual({
      kind: 'other',
      scanKind: 'order',
      raw: 'OMNI-O:WEB-10042',
    });
  });
});
