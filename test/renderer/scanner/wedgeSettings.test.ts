import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createWedgeSettingsStore,
  defaultWedgeSettings,
  parseWedgeSettings,
  WEDGE_SETTINGS_KEY,
} from '../../../renderer/scanner/wedgeSettings';

beforeEach(() => localStorage.clear());

describe('wedge thresholds', () => {
  it('start from the defaults docs/scanners.md §5.2 gives (onScan.js: 30 ms average, 6 characters, Enter/Tab)', () => {
    const store = createWedgeSettingsStore(localStorage);
    expect(store.get()).toEqual(defaultWedgeSettings);
    expect(store.loadError).toBeUndefined();
  });

  it('are saved, applied to listeners at once and read back after a reload', () => {
    const store = createWedgeSettingsStore(localStorage);
    const heard = vi.fn();
    store.subscribe(heard);
    const saved = store.save({ ...defaultWedgeSettings, maxAvgGapMs: 45, gsText: '<GS>' });
    expect(saved.ok).toBe(true);
    expect(heard).toHaveBeenCalledTimes(1);
    expect(createWedgeSettingsStore(localStorage).get()).toMatchObject({ maxAvgGapMs: 45, gsText: '<GS>' });
    store.reset();
    expect(localStorage.getItem(WEDGE_SETTINGS_KEY)).toBeNull();
    expect(store.get()).toEqual(defaultWedgeSettings);
  });

  it('refuse values that would let people’s typing pass as scans, and say which field', () => {
    const tooSlow = parseWedgeSettings({ ...defaultWedgeSettings, maxAvgGapMs: 80 });
    expect(tooSlow.ok).toBe(false);
    expect(!tooSlow.ok && tooSlow.fields).toContain('maxAvgGapMs');
    const inverted = parseWedgeSettings({ ...defaultWedgeSettings, maxAvgGapMs: 50, maxGapMs: 40 });
    expect(inverted).toMatchObject({ ok: false, fields: ['maxGapMs'] });
    expect(parseWedgeSettings({ ...defaultWedgeSettings, idleMs: 30 })).toMatchObject({
      ok: false,
      fields: ['idleMs'],
    });
    expect(parseWedgeSettings({ ...defaultWedgeSettings, minLength: 1.5 })).toMatchObject({ ok: false });
    expect(parseWedgeSettings({ ...defaultWedgeSettings, gsText: ' GS' })).toMatchObject({ ok: false });
    const noSuffix = parseWedgeSettings({
      ...defaultWedgeSettings,
      suffixEnter: false,
      suffixTab: false,
      requireSuffix: true,
    });
    expect(noSuffix).toMatchObject({ ok: false, fields: ['requireSuffix'] });
  });

  it('a refused save changes nothing', () => {
    const store = createWedgeSettingsStore(localStorage);
    const heard = vi.fn();
    store.subscribe(heard);
    expect(store.save({ maxAvgGapMs: 'fast' }).ok).toBe(false);
    expect(heard).not.toHaveBeenCalled();
    expect(localStorage.getItem(WEDGE_SETTINGS_KEY)).toBeNull();
  });

  it('fall back to the defaults when storage holds something unusable, and fill in missing fields', () => {
    localStorage.setItem(WEDGE_SETTINGS_KEY, '{not json');
    expect(createWedgeSettingsStore(localStorage).loadError).toMatch(/^\(root\): not JSON/);
    localStorage.setItem(WEDGE_SETTINGS_KEY, JSON.stringify({ maxAvgGapMs: -1 }));
    const bad = createWedgeSettingsStore(localStorage);
    expect(bad.get()).toEqual(defaultWedgeSettings);
    expect(bad.loadError).toMatch(/^maxAvgGapMs: /);
    localStorage.setItem(WEDGE_SETTINGS_KEY, JSON.stringify({ minLength: 8 }));
    expect(createWedgeSettingsStore(localStorage).get()).toEqual({ ...defaultWedgeSettings, minLength: 8 });
  });

  it('work without storage (private mode), in memory only', () => {
    const store = createWedgeSettingsStore(undefined);
    expect(store.save({ ...defaultWedgeSettings, minLength: 10 }).ok).toBe(true);
    expect(store.get().minLength).toBe(10);
  });
});
