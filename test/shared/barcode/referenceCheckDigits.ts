/**
 * Test-only restatements of the check-digit rules, written independently of the code under test
 * so generated fixtures do not borrow its answers.
 */

/** GS1 mod-10 (GS1 General Specifications §7.9.1): weight 3 on the digit next to the check digit. */
export function referenceGs1Check(data: string): string {
  let odd = 0;
  let even = 0;
  [...data].reverse().forEach((digit, i) => {
    if (i % 2 === 0) odd += Number(digit);
    else even += Number(digit);
  });
  return String((10 - ((odd * 3 + even) % 10)) % 10);
}

/** Luhn: double every second digit counting from the check digit, summing the digits of products. */
export function referenceLuhnCheck(data: string): string {
  const sum = [...data].reverse().reduce((total, digit, i) => {
    const n = Number(digit) * (i % 2 === 0 ? 2 : 1);
    return total + Math.floor(n / 10) + (n % 10);
  }, 0);
  return String((10 - (sum % 10)) % 10);
}
