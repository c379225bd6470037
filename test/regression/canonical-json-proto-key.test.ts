import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/canonicalJson';
import { payloadHash } from '../../shared/sync/protocol';

// Found by the key-order property test: a "__proto__" key in a payload was dropped while the
// canonical copy was built, so two payloads differing only there had the same hash.
describe('canonical JSON with a "__proto__" key', () => {
  it('keeps the key as data', () => {
    const payload = JSON.parse('{"": {"__proto__": false}, "b": 1}') as unknown;
    expect(canonicalJson(payload)).toBe('{"":{"__proto__":false},"b":1}');
    expect(payloadHash(payload)).not.toBe(payloadHash(JSON.parse('{"": {}, "b": 1}')));
  });
});
