/**
 * Marks the end of an exhaustive `switch` over a union: adding a member to the union makes the
 * call site stop compiling, and a value that slips past the types at run time is a bug.
 *
 * @example
 * switch (scan.kind) {
 *   case 'card': return 1;
 *   // ...every other kind...
 *   default: return assertNever(scan);
 * }
 */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
