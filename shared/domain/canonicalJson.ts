/**
 * JSON with object keys sorted at every depth, so the same value hashes the same on the till and
 * on the server whatever order its keys were built in. Written out directly rather than through a
 * re-keyed copy, so a key such as "__proto__" stays an ordinary key and is never dropped. Built by
 * appending to one string, without an array per object: the server writes this for every operation
 * it receives, and the intermediate arrays were most of the cost.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      // A hole in a sparse array is written as nothing, as `Array.prototype.join` always did here.
      if (item === undefined) out += i in value ? 'null' : '';
      else out += canonicalJson(item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}
