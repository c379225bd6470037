/** Expected outcomes of the scanner layer (a device not found, a bad frame) are values, not throws. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** A thrown value as a message, for errors that come from native libraries. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
