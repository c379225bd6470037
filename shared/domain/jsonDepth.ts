/**
 * Whether a JSON value nests arrays and objects deeper than `max` levels (a scalar is 0 deep,
 * `[]` and `{}` are 1). Iterative on purpose: a hostile payload 100,000 levels deep must be
 * measured without the call stack that a recursive walk (or canonicalJson) would overflow. It stops
 * at the first container past `max`, so the cost is bounded by the value's size, never its depth.
 *
 * @example nestedDeeperThan({ a: [1, { b: 2 }] }, 2) // true (3 levels)
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > max) return true;
    const children: unknown[] = Array.isArray(item) ? item : Object.values(item);
    for (const child of children) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}
