/**
 * What syncs only ever grows. A till may queue an operation today and send it after the server
 * was upgraded twice, and a till not yet upgraded reads what a newer server sends; so a synced
 * shape, once released, keeps every field it named, with its type and whether it is required.
 * It may gain optional fields, accept more values (a looser bound, a new enum member, a new union
 * variant) and nothing else. A shape that must change in another way becomes a new operation
 * version, and the server upcasts the old one.
 *
 * `breakingChanges` compares two JSON Schemas (as `z.toJSONSchema` writes them, `io: 'input'`)
 * and lists every change that is not such growth, each as `path: what changed`. Keywords it does
 * not know are compared for equality, so a change it cannot judge is reported, never let through.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

/** Words for people; they change nothing about what a payload may hold. */
const IGNORED = new Set(['$schema', 'title', 'description', 'examples', '$comment']);
/** Bounds a new version may lower but never raise. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
/** Bounds a new version may raise but never lower. */
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
/** Judged here, one by one, rather than by equality. */
const HANDLED = new Set([
  ...IGNORED,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'anyOf',
  'oneOf',
  'enum',
  'const',
]);

/**
 * Every change from `before` to `after` that is not additive, as `path: what changed` lines.
 *
 * @example breakingChanges({ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: {} })
 * // ['a: field removed']
 */
export function breakingChanges(before: Json, after: Json, at = '(root)'): string[] {
  if (deepEqual(before, after)) return [];
  const was = asSchema(before);
  const is = asSchema(after);
  if (was === null || is === null) return [`${at}: schema changed from ${brief(before)} to ${brief(after)}`];
  if (acceptsAnything(is)) return [];
  if (acceptsAnything(was)) return [`${at}: accepted any value, now only ${brief(after)}`];

  const wasVariants = variantsOf(was);
  const isVariants = variantsOf(is);
  if (wasVariants || isVariants) return unionChanges(was, is, wasVariants ?? [was], isVariants ?? [is], at);

  return [
    ...typeChanges(was, is, at),
    ...propertyChanges(was, is, at),
    ...itemChanges(was, is, at),
    ...valueChanges(was, is, at),
    ...boundChanges(was, is, at),
    ...otherKeywordChanges(was, is, at),
  ];
}

function unionChanges(
  was: Schema,
  is: Schema,
  wasVariants: Json[],
  isVariants: Json[],
  at: string,
): string[] {
  // Keywords beside anyOf/oneOf (rare in zod's output) apply to every variant.
  const shared = (schema: Schema): Schema =>
    Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'anyOf' && key !== 'oneOf'));
  const problems: string[] = [];
  wasVariants.forEach((variant, index) => {
    const old = merge(shared(was), variant);
    const candidates = isVariants.map((v) => merge(shared(is), v));
    const found = candidates.map((candidate) => breakingChanges(old, candidate, at));
    if (found.some((c) => c.length === 0)) return;
    problems.push(`${at}: variant ${index + 1} (${brief(variant)}) is no longer accepted`);
    // The closest new variant of the same type explains best what happened to this one.
    const related = found.filter((_, i) => sameType(old, candidates[i] ?? null));
    const closest = related.reduce<string[] | null>(
      (a, b) => (a === null || b.length < a.length ? b : a),
      null,
    );
    problems.push(...(closest ?? []));
  });
  return problems;
}

function typeChanges(was: Schema, is: Schema, at: string): string[] {
  const before = typesOf(was);
  const after = typesOf(is);
  if (after === null) return [];
  if (before === null) return [`${at}: type narrowed to ${[...after].join(' | ')}`];
  const lost = [...before].filter((t) => !after.has(t) && !(t === 'integer' && after.has('number')));
  return lost.length === 0
    ? []
    : [`${at}: type changed from ${[...before].join(' | ')} to ${[...after].join(' | ')}`];
}

function propertyChanges(was: Schema, is: Schema, at: string): string[] {
  const before = asSchema(was.properties ?? {}) ?? {};
  const after = asSchema(is.properties ?? {}) ?? {};
  const requiredBefore = new Set(stringsOf(was.required));
  const requiredAfter = new Set(stringsOf(is.required));
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(before)) {
    const path = child(at, name);
    if (!(name in after)) {
      problems.push(`${path}: field removed`);
      continue;
    }
    if (requiredBefore.has(name) && !requiredAfter.has(name)) problems.push(`${path}: made optional`);
    if (!requiredBefore.has(name) && requiredAfter.has(name)) problems.push(`${path}: made required`);
    problems.push(...breakingChanges(schema, after[name] ?? null, path));
  }
  for (const name of Object.keys(after)) {
    if (!(name in before) && requiredAfter.has(name))
      problems.push(`${child(at, name)}: new field is required`);
  }
  const extraBefore = was.additionalProperties;
  const extraAfter = is.additionalProperties;
  if (extraAfter !== undefined && !deepEqual(extraBefore, extraAfter)) {
    if (extraAfter === false) problems.push(`${at}: no longer accepts fields it does not name`);
    else problems.push(...breakingChanges(extraBefore ?? {}, extraAfter, `${at}{*}`));
  }
  return problems;
}

function itemChanges(was: Schema, is: Schema, at: string): string[] {
  const problems: string[] = [];
  if (was.items !== undefined || is.items !== undefined) {
    problems.push(...breakingChanges(was.items ?? {}, is.items ?? {}, `${at}[]`));
  }
  const before = Array.isArray(was.prefixItems) ? was.prefixItems : [];
  const after = Array.isArray(is.prefixItems) ? is.prefixItems : [];
  before.forEach((schema, i) => problems.push(...breakingChanges(schema, after[i] ?? {}, `${at}[${i}]`)));
  return problems;
}

function valueChanges(was: Schema, is: Schema, at: string): string[] {
  const allowedBefore = was.const !== undefined ? [was.const] : Array.isArray(was.enum) ? was.enum : null;
  const allowedAfter = is.const !== undefined ? [is.const] : Array.isArray(is.enum) ? is.enum : null;
  if (allowedAfter === null) return [];
  if (allowedBefore === null) return [`${at}: now limited to ${brief(allowedAfter)}`];
  const lost = allowedBefore.filter((v) => !allowedAfter.some((w) => deepEqual(v, w)));
  return lost.length === 0
    ? []
    : [`${at}: no longer accepts ${lost.map((v) => JSON.stringify(v)).join(', ')}`];
}

function boundChanges(was: Schema, is: Schema, at: string): string[] {
  const problems: string[] = [];
  const check = (key: string, tighter: (before: number, after: number) => boolean) => {
    const before = was[key];
    const after = is[key];
    if (typeof after !== 'number') return;
    if (typeof before !== 'number') problems.push(`${at}: ${key} ${after} added`);
    else if (tighter(before, after)) problems.push(`${at}: ${key} tightened from ${before} to ${after}`);
  };
  for (const key of LOWER_BOUNDS) check(key, (before, after) => after > before);
  for (const key of UPPER_BOUNDS) check(key, (before, after) => after < before);
  return problems;
}

/** Constraints whose removal only lets more through. */
const DROPPABLE = new Set(['pattern', 'format', 'multipleOf', 'not']);

/** pattern, format, multipleOf, default, $ref, …: equal, dropped when droppable, or reported. */
function otherKeywordChanges(was: Schema, is: Schema, at: string): string[] {
  const keys = new Set([...Object.keys(was), ...Object.keys(is)].filter((k) => !HANDLED.has(k)));
  return [...keys]
    .filter((key) => !(DROPPABLE.has(key) && is[key] === undefined))
    .filter((key) => !deepEqual(was[key], is[key]))
    .map((key) => `${at}: ${key} changed from ${brief(was[key])} to ${brief(is[key])}`);
}

function asSchema(value: Json | undefined): Schema | null {
  if (value === true) return {};
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
  return value;
}

function acceptsAnything(schema: Schema): boolean {
  return Object.keys(schema).every((key) => IGNORED.has(key));
}

function variantsOf(schema: Schema): Json[] | null {
  const variants = schema.anyOf ?? schema.oneOf;
  return Array.isArray(variants) ? variants : null;
}

function merge(base: Schema, variant: Json): Json {
  const schema = asSchema(variant);
  return schema === null ? variant : { ...base, ...schema };
}

function typesOf(schema: Schema): Set<string> | null {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(stringsOf(schema.type));
  return null;
}

function sameType(a: Json, b: Json): boolean {
  const ta = typesOf(asSchema(a) ?? {});
  const tb = typesOf(asSchema(b) ?? {});
  return ta !== null && tb !== null && [...ta].some((t) => tb.has(t));
}

function stringsOf(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function child(at: string, name: string): string {
  return at === '(root)' ? name : `${at}.${name}`;
}

function brief(value: Json | undefined): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Schema;
  const rb = b as Schema;
  return ka.length === kb.length && ka.every((k) => k in rb && deepEqual(ra[k], rb[k]));
}
