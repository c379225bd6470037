/**
 * SQLite binds at most 32,766 parameters per statement: a multi-row insert goes in chunks that
 * stay under it for a row of `columns` values.
 */
export async function inChunks<T>(
  rows: readonly T[],
  columns: number,
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  const size = Math.max(1, Math.floor(32_000 / columns));
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
