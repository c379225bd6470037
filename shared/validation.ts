import type { z } from 'zod';

/**
 * The one way an untrusted value (a request, a file, a stored JSON column, a server answer, an
 * IPC argument, a scanner frame, the environment) becomes a typed value. It takes `unknown` only,
 * never throws on bad input, and says what is wrong as `path: message` lines a person can act on.
 */
export type Parsed<T> = { ok: true; value: T } | ValidationFailure;

/** `notJson` tells text that was not JSON at all (a torn or foreign file) from a wrong shape. */
export type ValidationFailure = {
  ok: false;
  error: string;
  issues: readonly ValidationIssue[];
  notJson: boolean;
};

export type ValidationIssue = { path: string; message: string };

/**
 * Checks a value against a schema.
 *
 * @example parseUnknown(z.object({ n: z.number() }), { n: 'x' })
 * // { ok: false, error: 'n: Invalid input: expected number, received string', issues: [...] }
 */
export function parseUnknown<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issues = toValidationIssues(result.error.issues);
  return { ok: false, error: formatIssues(issues), issues, notJson: false };
}

/**
 * Parses JSON text, then checks it; text that is not JSON is an error like any other.
 *
 * @example parseJsonText(z.object({ a: z.number() }), '{"a":1}') // { ok: true, value: { a: 1 } }
 */
export function parseJsonText<S extends z.ZodType>(schema: S, text: string): Parsed<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = `not JSON (${error instanceof Error ? error.message : String(error)})`;
    return { ok: false, error: `(root): ${message}`, issues: [{ path: '(root)', message }], notJson: true };
  }
  return parseUnknown(schema, json);
}

/**
 * Zod's issues with their paths written out, for a zod error raised elsewhere (tRPC's own input
 * check) so that it reads like every other validation error.
 *
 * @example toValidationIssues([{ path: ['lines', 1, 'qty'], message: 'Too small' }]) // [{ path: 'lines[1].qty', message: 'Too small' }]
 */
export function toValidationIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ValidationIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** `a.b[2]: message`, one issue per line; `(root)` when the value itself is wrong. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
