import type { ScanConfig } from '../../shared/barcode';
import { classifyScan, defaultScanConfig, formatOrderQr, makeLinkCode } from '../../shared/barcode';

/**
 * Barcode classification throughput over a till-like mix: mostly EAN-13 (half with an AIM
 * identifier), scale labels, loyalty cards, Chestny ZNAK DataMatrix codes, a few UPC/EAN-8,
 * server codes and misreads. The budget is the 100 ms scan-to-screen figure of docs/scanners.md §7;
 * classification should be a vanishing part of it.
 */

const GS = '\u001d';
const TOTAL = 200_000;
const WARMUP = 20_000;

function ean13(data12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(data12.charAt(i)) * (i % 2 === 0 ? 1 : 3);
  return data12 + String((10 - (sum % 10)) % 10);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const config: ScanConfig = {
  ...defaultScanConfig,
  loyaltySchemes: [
    ...defaultScanConfig.loyaltySchemes,
    { name: 'club', prefix: '7788', length: 16, check: 'luhn' },
  ],
};

/** One scan of the mix for index i; varies the digits so no two consecutive scans are equal. */
function sample(i: number): string {
  const bucket = i % 100;
  const n = (i * 7919) % 1_000_000;
  if (bucket < 20) return ean13(`460${pad(n, 9)}`);
  if (bucket < 40) return `]E0${ean13(`460${pad(n, 9)}`)}`;
  if (bucket < 50) return ean13(`21${pad(n % 100_000, 5)}${pad(n % 99_999, 5)}`);
  if (bucket < 55) return ean13(`23${pad(n % 100_000, 5)}${pad(n % 99_999, 5)}`);
  if (bucket < 65) return ean13(`299${pad(n, 9)}`);
  if (bucket < 80) {
    const serial = `k3LInN${pad(n, 7)}`;
    return (
      `]d20104690257528523` + `21${serial}${GS}91EE06${GS}92YXiyKfiHjE4YE8b+YVMC1O5r8VtpplA3AwcCqrcG9Dk=`
    );
  }
  if (bucket < 85) return `]E0${ean13(`0${pad(n, 11)}`)}`;
  if (bucket < 88) return ']E402345673';
  if (bucket < 91) return formatOrderQr(`WEB-${pad(n, 6)}`, 'x7Kq9PzA');
  if (bucket < 93) return `OMNI-L:${makeLinkCode([n & 255, (n >> 8) & 255, 3, 4, 5, 6, 7, 8, 9])}`;
  if (bucket < 95) return `]C1010950600013435217201225` + `10LOT${pad(n % 1000, 3)}`;
  if (bucket < 98) return `46${pad(n, 10)}9`; // misread: usually a bad check digit
  return 'ъУ04601234567893'; // keyboard wedge under a Russian layout
}

function percentile(sorted: Float64Array, p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export async function run(): Promise<void> {
  const scans = Array.from({ length: TOTAL }, (_, i) => sample(i));
  const kinds = new Map<string, number>();
  for (let i = 0; i < WARMUP; i++) classifyScan(scans[i % TOTAL] ?? '', config);

  // Throughput: one tight loop, no per-call timer in the way.
  const started = performance.now();
  for (const raw of scans) {
    const kind = classifyScan(raw, config).kind;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const elapsedMs = performance.now() - started;

  // Latency: each call timed on its own (includes the timer's own cost, well under a microsecond).
  const micros = new Float64Array(TOTAL);
  for (let i = 0; i < TOTAL; i++) {
    const t0 = performance.now();
    classifyScan(scans[i] ?? '', config);
    micros[i] = (performance.now() - t0) * 1000;
  }
  micros.sort();

  const mix = [...kinds].map(([kind, count]) => `${kind} ${((100 * count) / TOTAL).toFixed(0)}%`).join(', ');
  console.log(`barcode: ${TOTAL.toLocaleString('en')} classifications (${mix})`);
  console.log(`barcode: ${Math.round(TOTAL / (elapsedMs / 1000)).toLocaleString('en')} scans/s`);
  console.log(
    `barcode: per scan median ${percentile(micros, 50).toFixed(2)} µs, p99 ${percentile(micros, 99).toFixed(2)} µs, ` +
      `max ${percentile(micros, 100).toFixed(1)} µs`,
  );
  await Promise.resolve();
}
