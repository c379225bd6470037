import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HidPosMessage, HidPosProblem } from '../../../electron/hardware/hidPosReports';
import { createHidPosAssembler, parseHidPosReport } from '../../../electron/hardware/hidPosReports';
import {
  GS,
  MARKING_CODE,
  honeywellReports,
  newlandReports,
  voyagerCapture,
  voyagerIntermediate,
} from './hidPosFixtures';

function assemble(layout: 'auto' | 'honeywell' | 'newland' = 'auto', continuationTimeoutMs = 200) {
  const messages: HidPosMessage[] = [];
  const problems: HidPosProblem[] = [];
  const assembler = createHidPosAssembler({
    layout,
    continuationTimeoutMs,
    onMessage: (message) => messages.push(message),
    onProblem: (problem) => problems.push(problem),
  });
  const text = (i = 0) => new TextDecoder().decode(messages[i]!.bytes);
  return { assembler, messages, problems, text };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('HID POS report parsing (docs/scanners.md §2.2)', () => {
  it('reads the real Voyager 1602g capture: length excludes the AIM, Code ID at byte 61', () => {
    const tail = parseHidPosReport(voyagerCapture.tail, 'auto');
    expect(tail).toMatchObject({
      ok: true,
      value: { layout: 'honeywell', symbology: ']X0', codeId: '?', more: false },
    });
    if (tail.ok) expect(Buffer.from(tail.value.payload).toString('latin1')).toBe('um: N/A\r\n');

    const ack = parseHidPosReport(voyagerCapture.ack, 'auto');
    if (!ack.ok) throw new Error('ack report rejected');
    expect(ack.value.symbology).toBe(']Z6');
    expect(Buffer.from(ack.value.payload).toString('latin1')).toBe('REVINF\x06.');
  });

  it('reads a Newland-style report with the data from byte 2 and its id byte at 62', () => {
    const [report] = newlandReports('4601234567893', 0x0d);
    const parsed = parseHidPosReport(report, 'auto');
    expect(parsed.ok && parsed.value.layout).toBe('newland');
    if (parsed.ok) {
      expect(Buffer.from(parsed.value.payload).toString()).toBe('4601234567893');
      expect(parsed.value.codeId).toBe('0x0d');
    }
  });

  it('tells a Newland report carrying an in-band AIM from a Honeywell one by the empty byte 61', () => {
    const [report] = newlandReports(']E04601234567893');
    const parsed = parseHidPosReport(report, 'auto');
    expect(parsed.ok && parsed.value.layout).toBe('newland');
    if (parsed.ok) expect(Buffer.from(parsed.value.payload).toString()).toBe(']E04601234567893');
  });

  it('ignores other report ids and refuses malformed reports', () => {
    const other = Buffer.alloc(64);
    other[0] = 0x04;
    expect(parseHidPosReport(other, 'auto')).toMatchObject({
      ok: false,
      error: { kind: 'ignored-report' },
    });
    expect(parseHidPosReport(Buffer.alloc(10), 'auto')).toMatchObject({
      ok: false,
      error: { kind: 'bad-report' },
    });
    expect(parseHidPosReport([2, 1, 0x33], 'auto')).toMatchObject({
      ok: false,
      error: { kind: 'bad-report' },
    });
    const tooLong = Buffer.alloc(64);
    tooLong[0] = 0x02;
    tooLong[1] = 57;
    expect(parseHidPosReport(tooLong, 'auto')).toMatchObject({
      ok: false,
      error: { kind: 'bad-report' },
    });
  });
});

describe('HID POS message assembly (docs/scanners.md §2.3)', () => {
  it('emits a single-report EAN-13 with its AIM id', () => {
    const { assembler, messages, text } = assemble();
    for (const report of honeywellReports('4601234567893', ']E0', 'd')) assembler.push(report);
    expect(messages).toHaveLength(1);
    expect(text()).toBe('4601234567893');
    expect(messages[0]).toMatchObject({ symbology: ']E0', codeId: 'd', layout: 'honeywell', reports: 1 });
  });

  it('joins a GS1 DataMatrix marking code over two continued reports, GS intact', () => {
    const { assembler, messages, text } = assemble();
    const reports = honeywellReports(MARKING_CODE, ']d2', 'w');
    expect(reports).toHaveLength(2);
    expect(reports[0]![63]).toBe(1);
    assembler.push(reports[0]);
    expect(messages).toHaveLength(0);
    assembler.push(reports[1]);
    expect(messages).toHaveLength(1);
    expect(text()).toBe(MARKING_CODE);
    expect(text().split(GS)).toHaveLength(3);
    expect(messages[0]).toMatchObject({ symbology: ']d2', reports: 2 });
  });

  it('joins the capture-shaped Honeywell continuation (56-byte intermediate report, then the tail)', () => {
    const { assembler, messages, text } = assemble();
    const first56 = 'Product Name: Voyager 1602g\r\nBoot Revision: BF00081\r\nSer';
    expect(first56).toHaveLength(56);
    assembler.push(voyagerIntermediate(first56));
    assembler.push(voyagerCapture.tail);
    expect(messages).toHaveLength(1);
    expect(text()).toBe(`${first56}um: N/A\r\n`);
  });

  it('keeps the first report’s layout for continuations whose data starts with "]"', () => {
    const { assembler, messages, text } = assemble();
    const data = `${'A'.repeat(56)}]d2tail`;
    for (const report of newlandReports(data)) assembler.push(report);
    expect(messages).toHaveLength(1);
    expect(text()).toBe(data);
  });

  it('decodes a UTF-8 character split across two reports', () => {
    const { assembler, messages, text } = assemble('newland');
    const data = `${'x'.repeat(55)}Привет`; // П's two bytes straddle the report boundary
    for (const report of newlandReports(data)) assembler.push(report);
    expect(messages).toHaveLength(1);
    expect(text()).toBe(data);
  });

  it('drops a half message whose continuation never arrives, and reads the next scan', () => {
    vi.useFakeTimers();
    const { assembler, messages, problems, text } = assemble('auto', 200);
    const [first] = honeywellReports(MARKING_CODE, ']d2', 'w');
    assembler.push(first);
    vi.advanceTimersByTime(250);
    expect(messages).toHaveLength(0);
    expect(problems).toMatchObject([{ kind: 'continuation-timeout' }]);
    for (const report of honeywellReports('4601234567893', ']E0', 'd')) assembler.push(report);
    expect(text()).toBe('4601234567893');
  });

  it('reports stray report ids without disturbing a message in progress', () => {
    const { assembler, messages, problems, text } = assemble();
    const reports = honeywellReports(MARKING_CODE, ']d2', 'w');
    const stray = Buffer.alloc(64);
    stray[0] = 0x12;
    assembler.push(reports[0]);
    assembler.push(stray);
    assembler.push(reports[1]);
    expect(text()).toBe(MARKING_CODE);
    expect(messages).toHaveLength(1);
    expect(problems.map((p) => p.kind)).toEqual(['ignored-report']);
  });
});
