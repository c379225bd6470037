/** Classifies driver errors the same way for SQLite and PostgreSQL. */

/** The driver's error code: a SQLSTATE on PostgreSQL, `SQLITE_…` on SQLite. */
export function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Failures that a later attempt can get past: lock contention, serialization, lost connection. */
export function isTransient(error: unknown): boolean {
  const code = codeOf(error);
  if (!code) return false;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_LOCKED' ||
    code === '40001' ||
    code === '40P01' ||
    code === '55P03' ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET'
  );
}

/**
 * The database refused a value itself, whatever the moment: PostgreSQL's data exceptions (SQLSTATE
 * class 22: 22021 a NUL or an invalid byte in text, 22P05 an untranslatable character, 22003 a
 * number out of range, 22001 a string too long) and SQLite's closest kin (a value past its size
 * limit, a type it will not take). A retry sends the same value and fails the same way, so such an
 * error is the input's fault and is never answered `retry` (docs/sync-protocol.md §4.3).
 */
export function isDataException(error: unknown): boolean {
  const code = codeOf(error);
  if (!code) return false;
  return /^22[0-9A-Z]{3}$/.test(code) || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH';
}
