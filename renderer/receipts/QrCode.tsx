import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

type Props = { text: string; /** Printed size in millimetres. */ sizeMm: number; label: string };

/**
 * A QR code as SVG: one path of dark modules, crisp at any print resolution. Error correction M
 * survives a crease or a smudge on thermal paper; a four-module quiet zone is part of the symbol.
 */
export function QrCode({ text, sizeMm, label }: Props) {
  const { size, path } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const count = qr.getModuleCount();
    let d = '';
    for (let row = 0; row < count; row++)
      for (let col = 0; col < count; col++) if (qr.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    return { size: count + 8, path: d };
  }, [text]);
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      data-testid="receipt-qr"
      data-payload={text}
      viewBox={`0 0 ${size} ${size}`}
      width={`${sizeMm}mm`}
      height={`${sizeMm}mm`}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
