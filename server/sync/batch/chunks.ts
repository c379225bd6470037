/**
 * SQLite binds at most 32,766 parameters per statement: a multi-row insert goes in chunks that
 * stay under it. The columns are counted from the rows themselves, so a column added to a table
 * later cannot push a chunk over the limit.
 */
export async function inChunks<T extends object>(
  rows: readonly T[],
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  const columns = Math.max(1, ...rows.map((row) => Object.keys(row).length));
  const size = Math.max(1, Math.floor(32_000 / columns));
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
