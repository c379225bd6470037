import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { payloadHash } from '../../../shared/sync/protocol';
import { serverPayloadHash } from '../../../server/sync/payloadHash';

describe('payload hash on both sides', () => {
  it('gives the server the digest the till computed, for any JSON payload', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        const travelled = JSON.parse(JSON.stringify(payload)) as unknown;
        expect(serverPayloadHash(travelled)).toBe(payloadHash(payload));
      }),
      { numRuns: 300 },
    );
  });
});
