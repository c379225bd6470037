import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Frame, FrameSuffix, FramerProblem } from '../../../electron/hardware/suffixFramer';
import { createSuffixFramer } from '../../../electron/hardware/suffixFramer';

const SUFFIX_BYTES: Record<Exclude<FrameSuffix, 'none'>, number[]> = {
  cr: [0x0d],
  lf: [0x0a],
  crlf: [0x0d, 0x0a],
  tab: [0x09],
};

function framer(suffix: FrameSuffix, idleTimeoutMs = 100, maxFrameBytes?: number) {
  const frames: Frame[] = [];
  const problems: FramerProblem[] = [];
  const instance = createSuffixFramer({
    suffix,
    idleTimeoutMs,
    maxFrameBytes,
    onFrame: (frame) => frames.push(frame),
    onProblem: (problem) => problems.push(problem),
  });
  const texts = () => frames.map((f) => Buffer.from(f.bytes).toString('utf8'));
  return { instance, frames, problems, texts };
}

/** Codes as scanners send them: printable ASCII, GS, Cyrillic; never the terminators themselves. */
const code = fc
  .array(fc.constantFrom(...'0123456789ABCxyz+/=_-'.split(''), '\x1d', 'П', 'ё', '€'), {
    minLength: 1,
    maxLength: 120,
  })
  .map((chars) => chars.join(''));

/** Splits bytes at arbitrary points, as reads from a port do. */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('suffix framer', () => {
  it('frames any codes split at any points, for every suffix (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Exclude<FrameSuffix, 'none'>>('cr', 'lf', 'crlf', 'tab'),
        fc.array(code, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (suffix, codes, cuts) => {
          const { instance, texts } = framer(suffix);
          const stream = Buffer.concat(
            codes.map((c) => Buffer.concat([Buffer.from(c), Buffer.from(SUFFIX_BYTES[suffix])])),
          );
          for (const chunk of splitAt(stream, cuts)) instance.push(chunk);
          instance.dispose();
          expect(texts()).toEqual(codes);
        },
      ),
    );
  });

  it('frames two codes glued in one chunk and a code split over three', () => {
    const { instance, texts, frames } = framer('cr');
    instance.push(Buffer.from('4601234567893\r]E0460'));
    instance.push(Buffer.from('12345'));
    instance.push(Buffer.from('67893\r'));
    expect(texts()).toEqual(['4601234567893', ']E04601234567893']);
    expect(frames.every((f) => f.endedBy === 'suffix')).toBe(true);
    instance.dispose();
  });

  it('tolerates CRLF when set to CR, and CRLF when set to LF', () => {
    const cr = framer('cr');
    cr.instance.push(Buffer.from('111\r\n222\r\n'));
    expect(cr.texts()).toEqual(['111', '222']);
    const lf = framer('lf');
    lf.instance.push(Buffer.from('111\r\n222\n'));
    expect(lf.texts()).toEqual(['111', '222']);
    cr.instance.dispose();
    lf.instance.dispose();
  });

  it('ends a frame on the idle gap without a suffix, and not before', () => {
    vi.useFakeTimers();
    const { instance, frames, texts } = framer('none', 50);
    instance.push(Buffer.from('46012'));
    vi.advanceTimersByTime(30);
    instance.push(Buffer.from('34567893'));
    vi.advanceTimersByTime(30);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(30);
    expect(texts()).toEqual(['4601234567893']);
    expect(frames[0]?.endedBy).toBe('idle');
    instance.dispose();
  });

  it('flushes a code whose suffix is missing after the idle gap', () => {
    vi.useFakeTimers();
    const { instance, texts } = framer('cr', 100);
    instance.push(Buffer.from('123\r456'));
    vi.advanceTimersByTime(150);
    expect(texts()).toEqual(['123', '456']);
    instance.dispose();
  });

  it('drops a stream longer than the limit up to its next suffix and reports it', () => {
    const { instance, texts, problems } = framer('cr', 100, 16);
    instance.push(Buffer.from('x'.repeat(20)));
    instance.push(Buffer.from('\r123\r'));
    expect(problems).toEqual([{ kind: 'overflow', droppedBytes: 16 }]);
    expect(texts()).toEqual(['123']);
    instance.dispose();
  });

  it('ignores empty frames and anything pushed after dispose', () => {
    const { instance, frames } = framer('cr');
    instance.push(Buffer.from('\r\r\r'));
    instance.dispose();
    instance.push(Buffer.from('123\r'));
    expect(frames).toHaveLength(0);
  });
});
