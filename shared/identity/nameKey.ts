/**
 * The folded form customer names are searched by: trimmed, NFC, lower case, inner spaces collapsed,
 * so `  Anna   PETROVA` is found by `anna p`.
 *
 * @example nameKey('  Anna   PETROVA ') // 'anna petrova'
 */
export function nameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
}
