import { showControls } from '../scanner/visibleControls';

// ASCII control names, the letters the Unicode Control Pictures glyphs (U+2400–U+241F) draw.
const NAMES =
  'NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US'.split(
    ' ',
  );

function nameOf(picture: string): string {
  const code = picture.charCodeAt(0);
  return code === 0x2421 ? 'DEL' : (NAMES[code - 0x2400] ?? '?');
}

/**
 * Scan data with its control characters as Control Pictures (GS → ␝). Each one is also drawn as a
 * small badge with its name, because many till fonts have no glyph for U+2400–U+241F; the text,
 * as copied or read out, is the picture character itself.
 */
export function ScanData({ raw }: { raw: string }) {
  const parts = showControls(raw).split(/([\u2400-\u241f\u2421])/u);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span
            key={i}
            className="ctl"
            data-name={nameOf(part)}
            title={`${nameOf(part)} (0x${(part.charCodeAt(0) === 0x2421 ? 0x7f : part.charCodeAt(0) - 0x2400).toString(16).toUpperCase().padStart(2, '0')})`}
          >
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}
