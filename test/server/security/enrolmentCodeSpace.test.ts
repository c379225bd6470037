import { describe, expect, it } from 'vitest';
import { ATTEMPT_POLICIES, lockDurationMs } from '../../../server/security/attemptLimiter';
import { ENROLMENT_CODE_LENGTH } from '../../../shared/barcode';

/** The arithmetic of docs/operations.md §9.3, from the limits as configured. */
describe('enrolment code space against the enrolment limit', () => {
  it('keeps the chance of guessing a live code within its lifetime below 1e-9', () => {
    const policy = ATTEMPT_POLICIES.enrol_address;
    const lifetimeMs = 7 * 24 * 60 * 60_000; // the longest ttl HQ may ask for
    let elapsed = 0;
    let tries = 0;
    for (let lockouts = 0; elapsed < lifetimeMs; lockouts++) {
      tries += policy.failures;
      elapsed += lockDurationMs(policy, lockouts);
    }
    expect(tries).toBeLessThan(1_800);
    const addresses = 1e6;
    const liveCodes = 1e3;
    const space = 32 ** (ENROLMENT_CODE_LENGTH - 1);
    expect((tries * addresses * liveCodes) / space).toBeLessThan(1e-9);
  });
});
