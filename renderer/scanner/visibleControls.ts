/**
 * Scan data for people: control characters become their Unicode Control Pictures, so a GS
 * separator (0x1D) shows as ␝ instead of vanishing, and CR/LF cannot break a table row.
 *
 * @example showControls('0104600000000003215abc\x1d93dGVz') // '0104600000000003215abc␝93dGVz'
 */
export function showControls(raw: string): string {
  let out = '';
  for (const char of raw) {
    const code = char.charCodeAt(0);
    if (code < 0x20) out += String.fromCharCode(0x2400 + code);
    else if (code === 0x7f) out += '\u2421';
    else out += char;
  }
  return out;
}
