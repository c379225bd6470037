import { afterEach, describe, expect, it, vi } from 'vitest';
import { UUID_V7, uuidv7 } from '../../../shared/domain/uuidv7';

/** The 48-bit millisecond prefix of a UUIDv7. */
const msecsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives well-formed, distinct ids that increase, across many blocks of random bytes', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // Random bits differ between ids made in the same millisecond, not only the counter.
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBeGreaterThan(ids.length * 0.99);
  });

  it('carries the time it was made in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(msecsOf(id)).toBeGreaterThanOrEqual(before);
    expect(msecsOf(id)).toBeLessThanOrEqual(after);
  });

  it('keeps increasing when the clock steps back, and starts from the clock again once it passes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // Ahead of every id this process made already: the module keeps the last time it used.
    const start = Date.now() + 86_400_000;
    vi.setSystemTime(start);
    const first = uuidv7();
    vi.setSystemTime(start - 60_000);
    const stepped = [uuidv7(), uuidv7()];
    expect(stepped[0]! > first && stepped[1]! > stepped[0]!).toBe(true);
    expect(stepped.map(msecsOf)).toEqual([start, start]);
    vi.setSystemTime(start + 5);
    const later = uuidv7();
    expect(later > stepped[1]!).toBe(true);
    expect(msecsOf(later)).toBe(start + 5);
  });
});
